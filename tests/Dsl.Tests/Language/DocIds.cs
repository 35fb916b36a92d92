using System.Reflection;

namespace EnsDsl.Tests.Language;

/// <summary>Methods as the C# compiler names them in the XML documentation, and which of them the language surface shows.</summary>
static class DocIds
{
    /// <summary>Members records and overrides bring, which are not the language (overrides inherit their documentation).</summary>
    public static bool IsPlumbing(MethodInfo m) =>
        m.Name is "Equals" or "GetHashCode" or "ToString" or "PrintMembers" or "Deconstruct" or "<Clone>$" or "GetEnumerator"
        || m.IsVirtual && m.GetBaseDefinition() != m;

    /// <summary>The documentation id of a method ("M:Namespace.Type.Name(ParamTypes)").</summary>
    public static string Of(MethodInfo m)
    {
        var parameters = m.GetParameters();
        var generic = m.IsGenericMethodDefinition ? $"``{m.GetGenericArguments().Length}" : "";
        var list = parameters.Length == 0 ? "" : $"({string.Join(",", parameters.Select(p => TypeId(p.ParameterType, m)))})";
        return $"M:{m.DeclaringType!.FullName}.{m.Name}{generic}{list}";
    }

    static string TypeId(Type t, MethodInfo m)
    {
        if (t.IsGenericMethodParameter) return $"``{Array.IndexOf(m.GetGenericArguments(), t)}";
        if (t.IsArray) return TypeId(t.GetElementType()!, m) + "[]";
        if (t.IsGenericType)
        {
            var name = t.GetGenericTypeDefinition().FullName!;
            name = name[..name.IndexOf('`')];
            return $"{name}{{{string.Join(",", t.GetGenericArguments().Select(a => TypeId(a, m)))}}}";
        }
        return t.FullName!.Replace('+', '.');
    }
}
