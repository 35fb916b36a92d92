namespace EnsDsl.Runtime.Reports;

/// <summary>
/// Where each step of a plan goes in its picture: a layered drawing, left to right, a step one column right of its
/// furthest parent, so chains of training read as time does. Many steps of one kind with the same parents (a plane's
/// grid points) share one box as a block of small tiles, a tile per step, so that the picture keeps a mark for every
/// step without growing a column of eighty boxes. Pure: positions from ids and parents only.
/// </summary>
public static class PlanGraph
{
    /// <summary>A step as the picture needs it.</summary>
    /// <param name="Id">Its node id.</param>
    /// <param name="Kind">Its kind (steps of a block share it).</param>
    /// <param name="Parents">Its parents' ids.</param>
    /// <param name="Tall">True for a box with a third line (a training step's epochs and throughput).</param>
    public sealed record Step(string Id, string Kind, IReadOnlyList<string> Parents, bool Tall = false);

    /// <summary>A box of the picture: one step, or a block of <see cref="Columns"/>-wide tiles for several.</summary>
    /// <param name="Steps">Its steps' ids (one, or the block's in plan order).</param>
    /// <param name="Column">Its column: one more than its furthest parent's.</param>
    /// <param name="X">Its left edge.</param>
    /// <param name="Y">Its top edge.</param>
    /// <param name="Height">Its height (<see cref="BoxWidth"/> wide).</param>
    public sealed record Box(IReadOnlyList<string> Steps, int Column, double X, double Y, double Height)
    {
        /// <summary>True for a block of tiles.</summary>
        public bool IsBlock => Steps.Count > 1;

        /// <summary>Tiles in a row of a block.</summary>
        public int Columns => IsBlock ? Math.Min(TilesPerRow, Steps.Count) : 1;

        /// <summary>The middle of its height.</summary>
        public double Middle => Y + Height / 2;
    }

    /// <summary>The picture: its boxes, the edges between boxes (by index, deduplicated), and its size.</summary>
    public sealed record Layout(IReadOnlyList<Box> Boxes, IReadOnlyList<(int From, int To)> Edges, double Width, double Height);

    /// <summary>A box's width.</summary>
    public const double BoxWidth = 168;

    /// <summary>A single step's box height: two lines.</summary>
    public const double StepHeight = 38;

    /// <summary>The height of a tall step's box: three lines.</summary>
    public const double TallHeight = 52;

    /// <summary>The space between columns, where edges run.</summary>
    public const double ColumnGap = 34;

    /// <summary>The space between boxes of a column.</summary>
    public const double RowGap = 10;

    /// <summary>The pitch of a block's tiles.</summary>
    public const double Tile = 13;

    /// <summary>The height of a block's caption, above its tiles.</summary>
    public const double BlockCaption = 18;

    /// <summary>Steps of one kind and the same parents that become a block rather than boxes.</summary>
    public const int BlockFrom = 6;

    const int TilesPerRow = 10;

    /// <summary>The layout of <paramref name="steps"/> (in plan order: parents before children).</summary>
    public static Layout Of(IReadOnlyList<Step> steps)
    {
        // Boxes: a step alone, or the block of its kind and parents.
        static (string, string) Key(Step s) => (s.Kind, string.Join(",", s.Parents));
        var groups = steps.GroupBy(Key).ToDictionary(g => g.Key, g => g.ToList());
        var boxOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var members = new List<List<Step>>();
        foreach (var step in steps)
        {
            if (boxOf.ContainsKey(step.Id)) continue;
            var group = groups[Key(step)];
            var box = group.Count >= BlockFrom && step.Parents.Count > 0 ? group : [step];
            foreach (var s in box) boxOf[s.Id] = members.Count;
            members.Add(box);
        }
        var parents = members.Select(m => m.SelectMany(s => s.Parents).Where(boxOf.ContainsKey).Select(p => boxOf[p]).Distinct().ToList()).ToList();
        var children = Enumerable.Range(0, members.Count).Select(_ => new List<int>()).ToList();
        for (int b = 0; b < members.Count; b++) foreach (var p in parents[b]) children[p].Add(b);

        // Columns by the longest path from a root (boxes come in plan order, parents first).
        var column = new int[members.Count];
        for (int b = 0; b < members.Count; b++) column[b] = parents[b].Count == 0 ? 0 : parents[b].Max(p => column[p]) + 1;
        var columns = Enumerable.Range(0, column.Length == 0 ? 0 : column.Max() + 1)
            .Select(c => Enumerable.Range(0, members.Count).Where(b => column[b] == c).ToList()).ToList();

        // Order within columns: a few sweeps of the barycentre heuristic, which keeps crossings few.
        var rank = new double[members.Count];
        void Rank() { foreach (var col in columns) for (int i = 0; i < col.Count; i++) rank[col[i]] = i; }
        Rank();
        for (int sweep = 0; sweep < 4; sweep++)
        {
            var forward = sweep % 2 == 0;
            foreach (var col in forward ? columns.Skip(1) : Enumerable.Reverse(columns).Skip(1))
            {
                var near = forward ? parents : children;
                var keyed = col.Select((b, i) => (b, key: near[b].Count > 0 ? near[b].Average(n => rank[n]) : rank[b])).ToList();
                col.Clear();
                col.AddRange(keyed.OrderBy(k => k.key).Select(k => k.b));     // stable: ties keep their order
                for (int i = 0; i < col.Count; i++) rank[col[i]] = i;
            }
        }

        // Heights, then each column placed near its parents' middles without overlaps.
        double HeightOf(int b) => members[b].Count > 1 ? BlockCaption + Math.Ceiling(members[b].Count / (double)TilesPerRow) * Tile + 6
            : members[b][0].Tall ? TallHeight : StepHeight;
        var y = new double[members.Count];
        foreach (var col in columns)
        {
            double at = 0;
            var wanted = col.Select(b => parents[b].Count > 0 ? parents[b].Average(p => y[p] + HeightOf(p) / 2) - HeightOf(b) / 2 : 0).ToList();
            for (int i = 0; i < col.Count; i++)
            {
                y[col[i]] = Math.Max(at, wanted[i]);
                at = y[col[i]] + HeightOf(col[i]) + RowGap;
            }
        }
        var boxes = Enumerable.Range(0, members.Count)
            .Select(b => new Box([.. members[b].Select(s => s.Id)], column[b], column[b] * (BoxWidth + ColumnGap), y[b], HeightOf(b))).ToList();
        var edges = Enumerable.Range(0, members.Count).SelectMany(b => parents[b].Select(p => (p, b))).ToList();
        var width = columns.Count == 0 ? 0 : columns.Count * (BoxWidth + ColumnGap) - ColumnGap;
        var height = boxes.Count == 0 ? 0 : boxes.Max(b => b.Y + b.Height);
        return new Layout(boxes, edges, width, height);
    }
}
