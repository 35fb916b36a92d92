using EnsDsl.Overrides;

namespace EnsDsl.Tests.Params;

/// <summary>One named case per rule of <see cref="OverrideGrammar"/>, then the errors it reports and where.</summary>
public class OverrideGrammarTests
{
    // rule, input, key, expected values (kind:text …), is a sweep
    public static TheoryData<string, string, string, string, bool> Accepted => new()
    {
        { "key: simple name", "cycleLr=0.1", "cycleLr", "Number:0.1", false },
        { "key: dotted name", "sse.cycles=5", "sse.cycles", "Number:5", false },
        { "key: underscore and dash", "_cycle-lr_2=1", "_cycle-lr_2", "Number:1", false },
        { "key: unicode letters", "lrη=0.5", "lrη", "Number:0.5", false },
        { "number: integer", "seed=3", "seed", "Number:3", false },
        { "number: negative", "shift=-3", "shift", "Number:-3", false },
        { "number: exponent", "wd=1e-4", "wd", "Number:1e-4", false },
        { "number: leading dot", "lr=.5", "lr", "Number:.5", false },
        { "bool: true", "star=true", "star", "Bool:true", false },
        { "bool: False in any case", "star=False", "star", "Bool:false", false },
        { "string: bare path", "ckpt=checkpoints/byol-1000ep-2.pt", "ckpt", "String:checkpoints/byol-1000ep-2.pt", false },
        { "string: dataset spec with colon", "dataset=cifar10:datasets/cifar-10", "dataset", "String:cifar10:datasets/cifar-10", false },
        { "string: quoted with spaces and comma", "name=\"star, lr x2\"", "name", "String:star, lr x2", false },
        { "string: quoted escapes", "name=\"a\\\"b\\\\c\"", "name", "String:a\"b\\c", false },
        { "string: word that starts like a number", "tag=1e-4x", "tag", "String:1e-4x", false },
        { "spaces around = and value", "  cycleLr = 0.1  ", "cycleLr", "Number:0.1", false },
        { "list: numbers", "cycleLr=[0.025,0.05,0.1]", "cycleLr", "Number:0.025 Number:0.05 Number:0.1", true },
        { "list: spaces", "cycleLr=[ 0.025 , 0.05 ]", "cycleLr", "Number:0.025 Number:0.05", true },
        { "list: one value is still a sweep", "seed=[7]", "seed", "Number:7", true },
        { "list: strings", "ckpt=[a.pt,\"b c.pt\"]", "ckpt", "String:a.pt String:b c.pt", true },
        { "range: integers inclusive", "seed=1..4", "seed", "Number:1 Number:2 Number:3 Number:4", true },
        { "range: with step, exact decimals", "lr=0.1..0.4:0.1", "lr", "Number:0.1 Number:0.2 Number:0.3 Number:0.4", true },
        { "range: single value", "seed=2..2", "seed", "Number:2", true },
        { "range: inside a list, flattened", "seed=[1..2,5]", "seed", "Number:1 Number:2 Number:5", true },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Parses(string rule, string input, string key, string values, bool sweep)
    {
        var result = OverrideGrammar.ParseOverride(input);
        Assert.True(result.Override is not null, $"{rule}: {result.Error} at {result.Position}");
        Assert.Equal(key, result.Override!.Key);
        Assert.Equal(values, string.Join(" ", result.Override.Values.Select(v => $"{v.Kind}:{v.Text}")));
        Assert.Equal(sweep, result.Override.IsSweep);
    }

    // rule, input, expected caret position, a fragment of the message
    public static TheoryData<string, string, int, string> Rejected => new()
    {
        { "no =", "cycleLr", 7, "'='" },
        { "no key", "=0.1", 0, "parameter name" },
        { "key starting with a digit", "1lr=0.1", 0, "parameter name" },
        { "no value", "cycleLr=", 8, "value" },
        { "empty list item", "cycleLr=[0.1,,0.2]", 13, "value" },
        { "unclosed list", "cycleLr=[0.1,0.2", 16, "']'" },
        { "unterminated string", "name=\"abc", 9, "closing '\"'" },
        { "text after the value", "lr=0.1 0.2", 7, "end of input" },
        { "empty list", "seed=[]", 5, "empty list" },
        { "empty range", "seed=5..1", 5, "empty" },
        { "zero step", "lr=0..1:0", 3, "step must be positive" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Rejects_with_the_position_of_the_problem(string rule, string input, int position, string message)
    {
        var result = OverrideGrammar.ParseOverride(input);
        Assert.True(result.Override is null, $"{rule}: parsed as {result.Override}");
        Assert.Contains(message, result.Error);
        Assert.Equal(position, result.Position);
    }
}
