using System.Collections;
using System.Text;
using EnsDsl.Runtime.Imaging;
using Razorvine.Pickle;

namespace EnsDsl.Runtime.Data;

/// <summary>
/// CIFAR-10 and CIFAR-100 in the official python version: pickled dicts (Python 2's cPickle; re-pickled files of
/// Python 3 too) with <c>data</c>, a NumPy uint8 array of N × 3072 (1024 red, 1024 green, 1024 blue values per image,
/// as in the binary version), and <c>labels</c> (CIFAR-10) or <c>fine_labels</c> (CIFAR-100).
/// <para>Read safely: the pickle is interpreted by Razorvine.Pickle, which never runs Python; the only globals given
/// meaning are NumPy's array reconstruction and dtype (and <c>_codecs.encode</c>, which Python 3 uses for bytes), and
/// anything else in the file — an object of any other class — is refused.</para>
/// </summary>
public static class CifarPython
{
    /// <summary>The folder the python archive unpacks into.</summary>
    public static string Folder(int classes) => classes == 10 ? "cifar-10-batches-py" : "cifar-100-python";

    /// <summary>The official files of each split.</summary>
    public static (string[] Train, string[] Test) Files(int classes) => classes == 10
        ? ([.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}")], ["test_batch"])
        : (["train"], ["test"]);

    /// <summary>Where the official python archives come from.</summary>
    public static string Source(int classes) => classes == 10
        ? "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
        : "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz";

    static CifarPython()
    {
        Unpickler.registerConstructor("numpy.core.multiarray", "_reconstruct", new Constructor(_ => new NumpyArray()));
        Unpickler.registerConstructor("numpy", "ndarray", new Constructor(_ => new NumpyArray()));
        Unpickler.registerConstructor("numpy", "dtype", new Constructor(args => new NumpyDtype((string)args[0])));
        Unpickler.registerConstructor("_codecs", "encode", new Constructor(args => Latin1((string)args[0])));
    }

    /// <summary>Reads the files of one split from <paramref name="folder"/>, expecting <paramref name="counts"/> images per file.</summary>
    /// <exception cref="DatasetException">A missing, truncated, foreign or mislabelled file, named with what was expected.</exception>
    internal static InMemoryImages Read(string folder, string[] files, int[] counts, int classes)
    {
        var pixels = new byte[(long)counts.Sum() * 3072];
        var labels = new long[counts.Sum()];
        int offset = 0;
        for (int f = 0; f < files.Length; f++)
        {
            var path = Path.Combine(folder, files[f]);
            if (!File.Exists(path))
                throw new DatasetException($"CIFAR-{classes}: {path} is missing; the folder should hold {string.Join(", ", Files(classes).Train.Concat(Files(classes).Test))} ({Source(classes)})");
            var batch = Load(path, classes);
            var (data, fileLabels) = (Field(batch, "data", path), Field(batch, classes == 10 ? "labels" : "fine_labels", path));
            if (data is not NumpyArray { Dtype: "u1" } array || array.Shape.Length != 2 || array.Shape[1] != 3072)
                throw new DatasetException($"CIFAR-{classes}: {path}: 'data' is not a uint8 array of images × 3072 values; is this a CIFAR file? ({Source(classes)})");
            if (array.Shape[0] != counts[f] || array.Data.Length != (long)counts[f] * 3072)
                throw new DatasetException($"CIFAR-{classes}: {path} holds {array.Shape[0]:N0} images ({array.Data.Length:N0} bytes); expected {counts[f]:N0}. " +
                    $"The file is truncated or from another dataset; unpack it again from {Source(classes)}");
            if (fileLabels is not IList list || list.Count != counts[f])
                throw new DatasetException($"CIFAR-{classes}: {path}: expected {counts[f]:N0} labels in '{(classes == 10 ? "labels" : "fine_labels")}'");
            for (int i = 0; i < list.Count; i++)
            {
                long label = Convert.ToInt64(list[i]);
                if (label < 0 || label >= classes)
                    throw new DatasetException($"CIFAR-{classes}: {path}, image {i}: label {label} is not below {classes}; is this the CIFAR-{(classes == 10 ? 100 : 10)} file?");
                labels[offset + i] = label;
            }
            array.Data.CopyTo(pixels.AsSpan(offset * 3072));
            offset += counts[f];
        }
        return new InMemoryImages(pixels, labels, classes, 32, 32);
    }

    static IDictionary Load(string path, int classes)
    {
        object result;
        try
        {
            using var stream = File.OpenRead(path);
            using var unpickler = new Unpickler();
            result = unpickler.load(stream);
        }
        catch (PickleException e) when (System.Text.RegularExpressions.Regex.Match(e.Message, @"ClassDict \(for ([^)]+)\)") is { Success: true } m)
        {
            throw new DatasetException($"CIFAR-{classes}: {path}: refused: the pickle would call the Python function or class {m.Groups[1].Value}; " +
                "ensdsl reads only NumPy arrays, lists and plain values (nothing in the file was run)");
        }
        catch (Exception e) when (e is PickleException or IOException or InvalidCastException or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            throw new DatasetException($"CIFAR-{classes}: {path} cannot be read as a CIFAR python file ({e.Message.Trim()}); is it truncated? Unpack it again from {Source(classes)}");
        }
        if (result is not IDictionary dict)
            throw new DatasetException($"CIFAR-{classes}: {path} holds a {Describe(result)}, not CIFAR's dict of data and labels");
        foreach (DictionaryEntry entry in dict)
            if (entry.Value is not (NumpyArray or IList or string or byte[] or int or long))
                throw new DatasetException($"CIFAR-{classes}: {path}: refused: '{Key(entry.Key)}' is a {Describe(entry.Value)}; ensdsl reads only arrays, lists and plain values");
            else if (entry.Value is IList items && items.Cast<object?>().FirstOrDefault(v => v is not (string or byte[] or int or long)) is { } odd)
                throw new DatasetException($"CIFAR-{classes}: {path}: refused: '{Key(entry.Key)}' holds a {Describe(odd)}; ensdsl reads only arrays, lists and plain values");
        return dict;
    }

    // Python 2 wrote the keys as str; a file re-pickled by Python 3 may have bytes keys.
    static object? Field(IDictionary dict, string name, string path)
    {
        foreach (DictionaryEntry entry in dict)
            if (Key(entry.Key) == name) return entry.Value;
        throw new DatasetException($"{path}: no '{name}' entry; the file has {string.Join(", ", dict.Keys.Cast<object>().Select(Key))}");
    }

    static string Key(object key) => key is byte[] bytes ? Encoding.Latin1.GetString(bytes) : key.ToString() ?? "";

    static string Describe(object? value) => value switch
    {
        null => "None",
        Razorvine.Pickle.Objects.ClassDict c => $"object of the Python class {c.ClassName}",
        _ => value.GetType().Name,
    };

    static byte[] Latin1(string text) => [.. text.Select(c => c <= 0xFF ? (byte)c : throw new PickleException("non-latin-1 character in encoded bytes"))];

    sealed class Constructor(Func<object[], object> make) : IObjectConstructor
    {
        public object construct(object[] args) => make(args);
    }

    /// <summary>A NumPy array as its pickle rebuilds it: shape, dtype and raw bytes (C order).</summary>
    sealed class NumpyArray
    {
        public long[] Shape = [];
        public string Dtype = "";
        public byte[] Data = [];

        // ndarray.__setstate__((version, shape, dtype, is_fortran, raw_data)).
        public void __setstate__(object[] state)
        {
            if (state.Length != 5 || state[2] is not NumpyDtype dtype || state[1] is not object[] shape)
                throw new PickleException("an ndarray state that is not (version, shape, dtype, fortran, data)");
            if (state[3] is true) throw new PickleException("a Fortran-ordered array");
            Shape = [.. shape.Select(Convert.ToInt64)];
            Dtype = dtype.Name;
            Data = state[4] switch
            {
                byte[] bytes => bytes,
                string text => Latin1(text),                       // Python 2's str: one byte per character
                _ => throw new PickleException("array data that is neither bytes nor str"),
            };
        }
    }

    sealed class NumpyDtype(string name)
    {
        public string Name { get; } = name;

        public void __setstate__(object[] state) { }
    }
}
