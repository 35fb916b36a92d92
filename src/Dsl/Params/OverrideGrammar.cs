using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Sprache;

namespace EnsDsl.Overrides;

/// <summary>
/// The grammar of <c>--set key=value</c>, written with Sprache. Each rule carries an example.
/// <code>
/// override := key '=' value                         cycleLr=0.1
/// key      := name ('.' name)*                      cycleLr | sse.cycles
/// name     := (letter | '_') (letter | digit | '_' | '-')*
/// value    := list | item                           [0.05,0.1] | 0.1
/// list     := '[' (item (',' item)*)? ']'           [0.025, 0.05, 0.1]
/// item     := quoted | word                         "a b" | checkpoints/x.pt
/// word     := a number, true/false, a range, or a bare string (classified after reading)
///   number := [+-]? digits ('.' digits?)? ([eE] [+-]? digits)?          1e-4 | -3 | 0.05
///   bool   := true | false                                              true
///   range  := number '..' number (':' number)?   inclusive; step 1 by default   1..5 | 0..1:0.25
///   string := any other run of characters other than space , [ ] " '    cifar10:datasets/cifar-10
/// quoted   := '"' (escape | any but '"')* '"'       "with space" (escapes \" \\ \n \t)
/// </code>
/// A range, alone or inside a list, expands to its values; a list or a range makes the key a sweep axis.
/// </summary>
public static partial class OverrideGrammar
{
    /// <summary>The outcome of parsing one argument: an override, or an error with its position.</summary>
    /// <param name="Override">The parsed override, when successful.</param>
    /// <param name="Error">What is wrong, when not.</param>
    /// <param name="Position">0-based index in the argument where the problem is.</param>
    public sealed record Result(Override? Override, string? Error, int Position);

    static readonly Parser<char> NameStart = Parse.Char(c => char.IsLetter(c) || c == '_', "a letter");
    static readonly Parser<char> NameRest = Parse.Char(c => char.IsLetterOrDigit(c) || c == '_' || c == '-', "a letter, digit, '_' or '-'");

    /// <summary>name: <c>cycleLr</c></summary>
    static readonly Parser<string> Name =
        (from first in NameStart
         from rest in NameRest.Many().Text()
         select first + rest).Named("a parameter name");

    /// <summary>key: <c>sse.cycles</c></summary>
    static readonly Parser<string> Key =
        Name.DelimitedBy(Parse.Char('.')).Select(parts => string.Join(".", parts)).Named("a parameter name");

    static readonly Parser<char> Escape =
        from backslash in Parse.Char('\\')
        from c in Parse.AnyChar
        select c switch { 'n' => '\n', 't' => '\t', _ => c };

    /// <summary>quoted: <c>"a string, with commas"</c></summary>
    static readonly Parser<Item> Quoted =
        from open in Parse.Char('"')
        from chars in Escape.Or(Parse.CharExcept("\"\\")).Many().Text()
        from close in Parse.Char('"').Named("a closing '\"'")
        select new Item([new Scalar(ScalarKind.String, chars)], IsRange: false, Error: null);

    /// <summary>word: <c>0.05</c>, <c>true</c>, <c>1..5</c>, <c>checkpoints/byol-1000ep-2.pt</c></summary>
    static readonly Parser<Item> Word =
        Parse.Char(c => !char.IsWhiteSpace(c) && c is not (',' or '[' or ']' or '"' or '\''), "a value")
            .AtLeastOnce().Text().Select(Classify);

    static readonly Parser<Item> ItemParser = Quoted.Or(Word).Named("a value");

    static readonly Parser<char> Separator = Parse.Char(',').Token().Named("',' or ']'");

    /// <summary>list: <c>[0.025, 0.05, 0.1]</c></summary>
    static readonly Parser<ImmutableArray<Item>> List =
        from open in Parse.Char('[').Token()
        from items in ItemParser.Token().XDelimitedBy(Separator).XOptional()
        from close in Parse.Char(']').Token().Named("',' or ']'")
        select items.IsDefined ? items.Get().ToImmutableArray() : [];

    /// <summary>override: <c>cycleLr=[0.05,0.1]</c></summary>
    static readonly Parser<(string Key, ImmutableArray<Item> Items, bool IsList)> Assignment =
        from leading in Parse.WhiteSpace.Many()
        from key in Key
        from eq in Parse.Char('=').Token().Named("'=' after the parameter name")
        from value in List.Select(items => (Items: items, IsList: true))
            .Or(ItemParser.Select(item => (Items: ImmutableArray.Create(item), IsList: false)))
        from trailing in Parse.WhiteSpace.Many()
        select (key, value.Items, value.IsList);

    /// <summary>Parses one <c>--set</c> argument.</summary>
    /// <example><code>OverrideGrammar.ParseOverride("cycleLr=[0.025,0.05,0.1]")</code></example>
    public static Result ParseOverride(string text)
    {
        var input = new Input(text);
        var parsed = Assignment.End()(input);
        if (!parsed.WasSuccessful)
            return new Result(null, Describe(parsed), parsed.Remainder.Position);
        var (key, items, isList) = parsed.Value;
        var valueAt = text.IndexOf('=') + 1;
        while (valueAt < text.Length && char.IsWhiteSpace(text[valueAt])) valueAt++;
        if (items.FirstOrDefault(i => i.Error is not null) is { } bad)
            return new Result(null, bad.Error, valueAt);
        var scalars = items.SelectMany(i => i.Values).ToImmutableArray();
        if (isList && scalars.IsEmpty)
            return new Result(null, "an empty list gives the sweep no values", valueAt);
        var sweep = isList || items.Any(i => i.IsRange);
        OverrideValue value = sweep ? new ListValue(scalars) : new ScalarValue(scalars[0]);
        return new Result(new Override(key, value, text, valueAt), null, 0);
    }

    static string Describe<T>(IResult<T> failure)
    {
        var expected = failure.Expectations.Distinct().ToList();
        var at = failure.Remainder.AtEnd ? "the end" : $"'{failure.Remainder.Current}'";
        return expected.Count == 0 ? $"unexpected {at}" : $"expected {string.Join(" or ", expected)}, found {at}";
    }

    /// <summary>A scalar or range as written, with its expansion.</summary>
    sealed record Item(ImmutableArray<Scalar> Values, bool IsRange, string? Error);

    static Item Classify(string word)
    {
        if (NumberPattern().IsMatch(word))
            return new([new Scalar(ScalarKind.Number, word, double.Parse(word, NumberStyles.Float, CultureInfo.InvariantCulture))], false, null);
        if (word.Equals("true", StringComparison.OrdinalIgnoreCase) || word.Equals("false", StringComparison.OrdinalIgnoreCase))
            return new([new Scalar(ScalarKind.Bool, word.ToLowerInvariant())], false, null);
        var range = RangePattern().Match(word);
        if (range.Success) return ExpandRange(word, range);
        return new([new Scalar(ScalarKind.String, word)], false, null);
    }

    static Item ExpandRange(string word, Match m)
    {
        // Decimal arithmetic so that 0..1:0.1 gives 0.3, not 0.30000000000000004.
        static decimal D(string s) => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        decimal start, end, step;
        try { (start, end, step) = (D(m.Groups[1].Value), D(m.Groups[2].Value), m.Groups[3].Success ? D(m.Groups[3].Value) : 1m); }
        catch (OverflowException) { return new([], true, $"range '{word}' is out of range"); }
        if (step <= 0) return new([], true, $"range '{word}': the step must be positive");
        if (end < start) return new([], true, $"range '{word}' is empty: {m.Groups[2].Value} is below {m.Groups[1].Value}");
        var count = (end - start) / step;
        if (count > 10_000) return new([], true, $"range '{word}' has more than 10000 values");
        var values = new List<Scalar>();
        for (var v = start; v <= end; v += step)
        {
            var text = v.ToString(CultureInfo.InvariantCulture);
            if (text.Contains('.')) text = text.TrimEnd('0').TrimEnd('.');
            values.Add(new Scalar(ScalarKind.Number, text, (double)v));
        }
        return new([.. values], true, null);
    }

    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^([+-]?\d+(?:\.\d+)?)\.\.([+-]?\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$")]
    private static partial Regex RangePattern();
}
