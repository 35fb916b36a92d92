using EnsDsl.Overrides;
using static EnsDsl.Prelude;

namespace EnsDsl.Tests.Params;

public class ParamContextTests
{
    static ParamContext With(params string[] overrides) => new(overrides
        .Select(o => OverrideGrammar.ParseOverride(o).Override!)
        .ToDictionary(o => o.Key, o => o.Values[0]));

    [Fact]
    public void Without_a_context_every_parameter_takes_its_default() =>
        Assert.Equal(0.05, Param("cycleLr", 0.05));

    [Theory]
    [InlineData("x=3", 3)]
    [InlineData("x=3.0", 3)]
    [InlineData("x=1e3", 1000)]
    public void Integers_accept_integral_numbers(string set, int expected)
    {
        using var _ = With(set).Enter();
        Assert.Equal(expected, Param("x", 1));
    }

    [Fact]
    public void Each_type_converts_its_literal()
    {
        var context = With("d=0.1", "b=true", "s=checkpoints/b.pt", "n=5", "l=12345678901");
        using var _ = context.Enter();
        Assert.Equal(0.1, Param("d", 0.05));
        Assert.True(Param("b", false));
        Assert.Equal("checkpoints/b.pt", Param("s", "x"));
        Assert.Equal("5", Param("n", "text"));            // a string parameter takes a number's text
        Assert.Equal(12345678901L, Param("l", 0L));
        Assert.Equal(["d", "b", "s", "n", "l"], context.Declarations.Select(d => d.Name));
    }

    [Theory]
    [InlineData("seed=0.5", "seed", 1, "an integer")]
    [InlineData("seed=abc", "seed", 1, "an integer")]
    [InlineData("lr=fast", "lr", 0.1, "a number")]
    [InlineData("star=1", "star", false, "a boolean")]
    public void A_value_of_the_wrong_type_names_the_key_the_type_and_the_default<T>(string set, string key, T @default, string type) where T : notnull
    {
        using var _ = With(set).Enter();
        var e = Assert.Throws<OverrideException>(() => Param(key, @default));
        Assert.Equal(key, e.Key);
        Assert.Contains(type, e.Message);
        Assert.Contains("default", e.Message);
    }

    [Fact]
    public void One_name_declared_with_two_meanings_is_an_error()
    {
        using var _ = With().Enter();
        Param("lr", 0.1);
        var e = Assert.Throws<DslException>(() => Param("lr", 1));
        Assert.Equal(DiagnosticCodes.ConflictingParam, e.Code);
        Assert.Contains("one name, one meaning", e.Message);
    }

    [Theory]
    [InlineData("cycleLR", "cycleLr")]
    [InlineData("cylceLr", "cycleLr")]
    [InlineData("sed", "seed")]
    [InlineData("completelyDifferent", null)]
    public void Suggests_the_nearest_known_name(string typo, string? expected) =>
        Assert.Equal(expected, Suggest.Nearest(typo, ["cycleLr", "seed", "ckpt", "dataset"]));
}
