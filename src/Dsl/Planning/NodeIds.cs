using System.Security.Cryptography;
using System.Text;

namespace EnsDsl.Planning;

/// <summary>
/// Node ids and derived seeds. Exactly what is hashed (SHA-256 over UTF-8):
/// <code>
/// id   = hex(sha256("ensdsl-node-v1\n" + canon({"kind": K, "parents": [ids…], "op": OP, "seed": S})))[0..16]
/// seed = uint32be(sha256("ensdsl-seed-v1\n" + canon({"kind": K, "parents": [ids…], "op": OP, "branch": [i…]}))) &amp; 0x7fffffff
/// </code>
/// where canon is <see cref="Canon.Text"/> (sorted keys, invariant round-trip numbers), K the node kind in lower
/// case, OP the node's canonical operation (<see cref="NodeOp.Canonical"/>: every hyper-parameter that changes the
/// result; for training steps <see cref="TrainStep.ToCanonical"/>), S the seed (null for nodes without one), and branch the indices of
/// the enclosing <c>Star</c> branches. Labels, names and script locations are not hashed: renaming never retrains.
/// Checkpoint files are identified by their path as written; their content is not read when planning.
/// </summary>
public static class NodeIds
{
    /// <summary>The id of a node, from its kind, parents, canonical operation and seed.</summary>
    public static string Of(PlanNode node) => Id(node.Kind, node.Parents, NodeOp.Canonical(node), node.Seed);

    /// <summary>The id of a node.</summary>
    public static string Id(NodeKind kind, IEnumerable<string> parents, SortedDictionary<string, object?> op, int? seed) =>
        Hex(Hash("ensdsl-node-v1\n" + Canon.Text(Canon.Map(
            ("kind", kind.Name()), ("parents", parents.ToList()), ("op", op), ("seed", seed)))))[..16];

    /// <summary>The seed derived for <paramref name="node"/> (given without one) under the <c>Star</c> branches <paramref name="branch"/>.</summary>
    public static int DerivedSeed(PlanNode node, IEnumerable<int> branch) => DerivedSeed(node.Kind, node.Parents, NodeOp.Canonical(node), branch);

    /// <summary>The seed derived for a node given without one.</summary>
    public static int DerivedSeed(NodeKind kind, IEnumerable<string> parents, SortedDictionary<string, object?> op, IEnumerable<int> branch)
    {
        var h = Hash("ensdsl-seed-v1\n" + Canon.Text(Canon.Map(
            ("kind", kind.Name()), ("parents", parents.ToList()), ("op", op), ("branch", branch.ToList()))));
        return (int)(((uint)h[0] << 24 | (uint)h[1] << 16 | (uint)h[2] << 8 | h[3]) & 0x7fffffff);
    }

    static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
