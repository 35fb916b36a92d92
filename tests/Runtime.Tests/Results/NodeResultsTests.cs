using EnsDsl.Planning;
using EnsDsl.Runtime.Results;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Tests.Results;

/// <summary>
/// Typed node results are written in the JSON shape node.json and results.json have always had (users' stores and
/// scripts read it), and read back to equal values.
/// </summary>
public class NodeResultsTests
{
    public static TheoryData<NodeKind, NodeResult, string> Results => new()
    {
        { NodeKind.Pretrained, new PretrainedResult("model_state", null, 320), """{"format":"model_state","head_classes":null,"tensors":320}""" },
        { NodeKind.Train, new TrainResult("embedded:target"), """{"test_data":"embedded:target"}""" },
        {
            NodeKind.Ensemble,
            new EnsembleResult(["a", "b"], [new CurveScores(1, 0.5, 1.5, 0.1, 0.6, 1.4), new CurveScores(2, 0.625, 1.25, 0.05, 0.5, 1.2)], new Diversity(0.25, 0.125, 0.0625)),
            """{"members":["a","b"],"curve":[{"k":1,"acc":0.5,"nll":1.5,"ece":0.1,"brier":0.6,"cnll":1.4},{"k":2,"acc":0.625,"nll":1.25,"ece":0.05,"brier":0.5,"cnll":1.2}],"diversity":{"disagreement":0.25,"kl":0.125,"gain":0.0625}}"""
        },
        {
            NodeKind.Soup,
            new GreedySoupResult(new HeldOutSplit(60, "embedded:target?split=holdout: held-out images"), [0.5, 0.75], ["b", "a"], ["b"], 0.75),
            """{"held_out":{"images":60,"from":"embedded:target?split=holdout: held-out images"},"member_held_out_acc":[0.5,0.75],"order":["b","a"],"chosen":["b"],"held_out_acc":0.75}"""
        },
        {
            NodeKind.Interpolate, new InterpolationResult([0, 0.5, 1], [1, 2, 1], [0.25, 0.5, 0.25]),
            """{"alpha":[0.0,0.5,1.0],"test_nll":[1.0,2.0,1.0],"test_err":[0.25,0.5,0.25]}"""
        },
        {
            NodeKind.Basin,
            new BasinResult("c", "p", 3.5, 3, "BN recomputed",
                [new BasinMember("c", "centre", 0, 0, 0, 3.5, null), new BasinMember("m", "member", 0.125, 0.25, 2, 4, [0.5, 0.625, 0.5], [new StageDistance("layer1", 2, 0.5, 4, 0.25)])],
                [[0, 2], [2, 0]]),
            """{"center":"c","pretrained":"p","center_distance_to_pretrained":3.5,"points":3,"bn":"BN recomputed","members":[{"id":"c","label":"centre","error_barrier":0.0,"loss_barrier":0.0,"distance_to_center":0.0,"distance_to_pretrained":3.5,"path_test_err":null,"stages":null},{"id":"m","label":"member","error_barrier":0.125,"loss_barrier":0.25,"distance_to_center":2.0,"distance_to_pretrained":4.0,"path_test_err":[0.5,0.625,0.5],"stages":[{"stage":"layer1","to_center":2.0,"relative_to_center":0.5,"to_pretrained":4.0,"relative_to_pretrained":0.25}]}],"pairwise_distances":[[0.0,2.0],[2.0,0.0]]}"""
        },
        {
            NodeKind.PlaneFrame,
            new PlaneFrameResult(2, 0.5, 1, [-0.5, 2.5], [-0.25, 1.25], [new PlanePosition("a", 0, 0, 0), new PlanePosition("d", 1, 0.5, 0.75)]),
            """{"b":2.0,"cx":0.5,"cy":1.0,"x":[-0.5,2.5],"y":[-0.25,1.25],"models":[{"id":"a","x":0.0,"y":0.0,"distance_to_plane":0.0},{"id":"d","x":1.0,"y":0.5,"distance_to_plane":0.75}]}"""
        },
        {
            NodeKind.PlanePoint,
            new PlanePointResult(1.5, -0.25, [0.5, 0.25, 0.25]),
            """{"x":1.5,"y":-0.25,"mix":[0.5,0.25,0.25]}"""
        },
        {
            NodeKind.Plane,
            new PlaneResult([0, 1], [0, 1], [[0.5, 0.25], [0.125, 1]], [[2, 1], [0.5, 3]], [new PlaneModel("a", "centre", 0, 0, 0, true)], "BN recomputed"),
            """{"x":[0.0,1.0],"y":[0.0,1.0],"test_err":[[0.5,0.25],[0.125,1.0]],"test_nll":[[2.0,1.0],[0.5,3.0]],"models":[{"id":"a","label":"centre","x":0.0,"y":0.0,"distance_to_plane":0.0,"spans":true}],"bn":"BN recomputed"}"""
        },
    };

    [Theory]
    [MemberData(nameof(Results))]
    public void A_result_is_written_in_its_documented_shape_and_read_back(NodeKind kind, NodeResult result, string json)
    {
        var written = NodeResults.ToJson(result)!;
        Assert.True(JToken.DeepEquals(JToken.Parse(json), written), $"written: {written.ToString(Newtonsoft.Json.Formatting.None)}");
        var back = NodeResults.FromJson(kind, JToken.Parse(json));
        Assert.Equal(result.GetType(), back!.GetType());
        Assert.True(JToken.DeepEquals(written, NodeResults.ToJson(back)));
    }

    [Fact]
    public void A_result_of_another_shape_is_refused()
    {
        Assert.Throws<Newtonsoft.Json.JsonSerializationException>(() => NodeResults.FromJson(NodeKind.Ensemble, JToken.Parse("""{"members":"x"}""")));
        Assert.Throws<Newtonsoft.Json.JsonSerializationException>(() => NodeResults.FromJson(NodeKind.Interpolate, JToken.Parse("""{"alpha":[0,1],"test_nll":[1,1]}""")));
        Assert.Null(NodeResults.FromJson(NodeKind.Evaluate, JToken.Parse("""{"anything":1}""")));
    }
}
