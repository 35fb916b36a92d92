// One epoch after another over an image folder with ensdsl's loader: decode, RandomResizedCrop(224) + flip +
// ImageNet normalisation, batches copied into a libtorch tensor as training gets them (torchvision's DataLoader
// hands over a collated tensor). Prints one line per epoch: "epoch N images/s X".
//   dotnet EnsDsl.Bench.Loader.dll ROOT WORKERS BATCH EPOCHS
using System.Diagnostics;
using System.Runtime.InteropServices;
using EnsDsl.Runtime.Randomness;
using EnsDsl.Runtime.Data;
using EnsDsl.Runtime.Imaging;
using static TorchSharp.torch;

var (root, workers, batch, epochs) = (args[0], int.Parse(args[1]), int.Parse(args[2]), int.Parse(args[3]));
set_num_threads(1);
var classes = Directory.GetDirectories(root).Order(StringComparer.Ordinal).ToArray();
var files = classes.SelectMany((c, label) => Directory.GetFiles(c).Order(StringComparer.Ordinal).Select(f => (f, label))).ToList();
var loader = new ImageLoader(new ImageFiles(files, classes.Length), new RandomResizedCrop(224), new LoaderOptions(workers, 2 * workers));
for (int epoch = 0; epoch < epochs; epoch++)
{
    var order = Enumerable.Range(0, files.Count).ToList();
    DetRandom.For(epoch, "order").Shuffle(order);
    var watch = Stopwatch.StartNew();
    long images = 0;
    foreach (var b in loader.Batches(order, batch, i => DetRandom.For(0, $"augment/{epoch}/{i}")))
    {
        using var x = empty([b.Count, 3, b.Height, b.Width], ScalarType.Float32);
        x.bytes = MemoryMarshal.AsBytes(b.Pixels.AsSpan(0, b.Values.Length));
        using var y = tensor(b.Labels[..b.Count]);
        images += b.Count;
    }
    Console.WriteLine($"epoch {epoch} images/s {images / watch.Elapsed.TotalSeconds:F1}");
}
