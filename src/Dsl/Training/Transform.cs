namespace EnsDsl;

/// <summary>
/// The augmentation and preprocessing a training step applies, interpreted by the runtime; its name
/// (<see cref="EnumNames.Name{T}"/>) is part of the step's node id. The recipes choose it: pre-trained ResNets
/// <see cref="ImageNet"/>, Swin <see cref="Swin"/>, models trained from scratch on small images <see cref="Flip"/>;
/// a training call may choose another (<c>Train(…, transform: Transform.CropFlip)</c>).
/// </summary>
public enum Transform
{
    /// <summary>
    /// Training: RandomResizedCrop to the image size + horizontal flip; test: Resize(⌊size·256/224⌋) + CenterCrop;
    /// resized as torchvision resizes PIL images (Pillow's antialiased bilinear filter, 8-bit results): what users of
    /// image folders expect.
    /// </summary>
    ImageNet,
    /// <summary>
    /// The same crops, resized as the authors' code resizes: on float tensors (the images divided by 255), with
    /// torchvision 0.13–0.14's bilinear interpolation of tensors — without antialiasing, and with no 8-bit rounding
    /// in between. The recipe of the paper's ResNet setups (<c>byol</c>, <c>supervised</c>).
    /// </summary>
    ImageNetTensor,
    /// <summary>timm's RandAugment recipe of the authors' Swin configs.</summary>
    Swin,
    /// <summary>Horizontal flips at the images' own size.</summary>
    Flip,
    /// <summary>
    /// The CIFAR recipe at the images' own size: torchvision's <c>RandomCrop(size, padding: 4)</c> (black padding)
    /// then <c>RandomHorizontalFlip()</c> — each image shifted by up to 4 pixels each way and mirrored with
    /// probability ½.
    /// </summary>
    CropFlip,
    /// <summary>The images as they are.</summary>
    None,
}

/// <summary>What the transforms do to image sizes.</summary>
public static class Transforms
{
    /// <summary>True for the transforms that keep the images' own size (<see cref="Recipe.NativeSize"/>).</summary>
    public static bool AtOwnSize(this Transform transform) => transform is Transform.Flip or Transform.CropFlip or Transform.None;
}
