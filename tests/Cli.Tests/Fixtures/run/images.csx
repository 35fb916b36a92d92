// Fine-tuning from a PyTorch checkpoint on an image folder of JPEGs of several sizes, through the image pipeline:
// the supervised recipe's RandomResizedCrop + flip for training, Resize + CenterCrop for testing, at 32 px, on float
// tensors as the authors resize them (imagenettensor).
var data = Data(Param("data", "imagefolder:images"));
var start = Pretrained("supervised", Param("ckpt", "model.pt"), arch: "cifar-resnet8x16");
var members = start.Star(2, p => p.FineTune(data, epochs: 2, lr: 0.01, batchSize: 4, imageSize: 32));
return Report(members.Ensemble(), members.Soup());
