using EnsDsl.Runtime.Reports;
using static EnsDsl.Runtime.Reports.PlanGraph;

namespace EnsDsl.Runtime.Tests.Reports;

/// <summary>The picture of a plan: every step once, each right of its parents, no two boxes over each other, blocks only for many like steps.</summary>
public class PlanGraphTests
{
    // Plans as "id:kind<parent,parent" in plan order.
    public static TheoryData<string, string, int> Plans => new()
    {
        { "one step", "a:init", 1 },
        { "a chain", "a:init b:train<a c:train<b d:evaluate<c", 4 },
        { "a diamond", "a:init b:train<a c:train<a d:ensemble<b,c", 4 },
        { "a long edge over a chain", "a:init b:train<a c:train<b d:train<c e:interpolate<a,d", 5 },
        { "five like steps stay boxes", "a:init f:frame<a p1:point<a,f p2:point<a,f p3:point<a,f p4:point<a,f p5:point<a,f z:plane<f,p1,p2,p3,p4,p5", 8 },
        { "six like steps make a block", "a:init f:frame<a p1:point<a,f p2:point<a,f p3:point<a,f p4:point<a,f p5:point<a,f p6:point<a,f z:plane<f,p1,p2,p3,p4,p5,p6", 4 },
        { "like steps of other parents stay apart", "a:init b:init e1:evaluate<a e2:evaluate<b e3:evaluate<a e4:evaluate<b e5:evaluate<a e6:evaluate<b", 8 },
        { "roots are never a block", "a:init b:init c:init d:init e:init f:init g:init", 7 },
        { "a star with a soup and an ensemble",
          "p:init f:train<p s1:train<f s2:train<f s3:train<f s4:train<f e1:evaluate<s1 e2:evaluate<s2 e3:evaluate<s3 e4:evaluate<s4 en:ensemble<e1,e2,e3,e4 so:soup<s1,s2,s3,s4 es:evaluate<so", 13 },
    };

    [Theory, MemberData(nameof(Plans))]
    public void Every_step_is_drawn_once_right_of_its_parents_and_no_boxes_overlap(string plan, string spec, int boxes)
    {
        var steps = Parse(spec);
        var layout = PlanGraph.Of(steps);
        Assert.True(layout.Boxes.Count == boxes, plan);
        Assert.Equal(steps.Select(s => s.Id).Order(), layout.Boxes.SelectMany(b => b.Steps).Order());
        var box = layout.Boxes.SelectMany(b => b.Steps.Select(s => (s, b))).ToDictionary(p => p.s, p => p.b);
        foreach (var step in steps)
            foreach (var parent in step.Parents)
                Assert.True(box[parent].Column < box[step.Id].Column, $"{plan}: {step.Id} is not right of its parent {parent}");
        foreach (var a in layout.Boxes)
            foreach (var b in layout.Boxes.Where(b => b != a && b.Column == a.Column))
                Assert.True(a.Y + a.Height + RowGap <= b.Y + 1e-9 || b.Y + b.Height + RowGap <= a.Y + 1e-9, $"{plan}: boxes {a.Steps[0]} and {b.Steps[0]} overlap");
        Assert.All(layout.Boxes, b => Assert.True(b.X >= 0 && b.Y >= 0 && b.X + BoxWidth <= layout.Width + 1e-9 && b.Y + b.Height <= layout.Height + 1e-9));
        // An edge per parent box and child box, once; each from left to right.
        var expected = steps.SelectMany(s => s.Parents.Select(p => (box[p], box[s.Id]))).Distinct().Count();
        Assert.Equal(expected, layout.Edges.Count);
        Assert.All(layout.Edges, e => Assert.True(layout.Boxes[e.From].Column < layout.Boxes[e.To].Column));
    }

    [Fact]
    public void A_block_keeps_its_steps_in_plan_order_in_rows_of_tiles_and_a_chain_stays_level()
    {
        var points = Enumerable.Range(1, 25).Select(i => $"p{i}:point<a,f");
        var layout = PlanGraph.Of(Parse($"a:init f:frame<a {string.Join(' ', points)} z:plane<f,{string.Join(',', Enumerable.Range(1, 25).Select(i => $"p{i}"))}"));
        var block = Assert.Single(layout.Boxes, b => b.IsBlock);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => $"p{i}"), block.Steps);
        Assert.Equal(10, block.Columns);
        Assert.Equal(BlockCaption + 3 * Tile + 6, block.Height);

        // A chain is drawn on one level: each step at its parent's middle.
        var chain = PlanGraph.Of(Parse("a:init b:train<a c:train<b d:train<c"));
        Assert.All(chain.Boxes, b => Assert.Equal(chain.Boxes[0].Middle, b.Middle, 9));
        Assert.Equal(4 * BoxWidth + 3 * ColumnGap, chain.Width);
    }

    [Fact]
    public void A_training_step_is_taller_than_others()
    {
        var layout = PlanGraph.Of([new Step("a", "init", []), new Step("b", "train", ["a"], Tall: true)]);
        Assert.Equal([StepHeight, TallHeight], layout.Boxes.Select(b => b.Height));
    }

    static List<Step> Parse(string spec) =>
        [.. spec.Split(' ').Select(s =>
        {
            var (head, parents) = s.Split('<') is [var h, var p] ? (h, p.Split(',')) : (s, []);
            var (id, kind) = head.Split(':') is [var i, var k] ? (i, k) : throw new ArgumentException(s);
            return new Step(id, kind, parents);
        })];
}
