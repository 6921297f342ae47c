using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;

namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>
/// Mutants of a random program, as code looks in an editor while someone types or as unusual but valid code looks:
/// deleted tokens, truncation, unsupported constructs, duplicated members, odd names, preprocessor lines, nested,
/// generic and file-local containing types, namespaces, overloads and members with generated names.
/// </summary>
internal static class Mutator
{
    private static readonly string[] OddNames =
    {
        "@return", "@in", "@this", "@out", "@params", "@double", "@value", "dX", "dx", "dX0", "q", "Q", "tape", "mark",
        "seed", "value", "jacobian", "result", "upstream", "tX", "t", "d", "v", "v2", "dValue", "_", "__", "P", "Math",
    };

    private static readonly string[] Unsupported =
    {
        "switch (0) { default: break; }", "try { } finally { }", "Func<double, double> lam = q => q * 2;", "goto Lbl; Lbl:;",
        "string str = \"a\" + 1.ToString();", "lock (typeof(P)) { }", "checked { }", "var tuple = (1, 2);",
        "static double Local(double q) => q;", "using var stream = new System.IO.MemoryStream();", "throw new Exception();",
        "yield break;", "object boxed = 1.0;", "int[] ints = { 1, 2 };", "var text = $\"{1}\";", "unsafe { }",
    };

    /// <summary>Applies one or two mutations chosen by <paramref name="seed"/>; returns the source and what was done.</summary>
    public static (string Source, string Description) Mutate(FuzzProgram program, int seed, FuzzProfile profile)
    {
        var random = new Random(seed * 31 + 17);
        var (methods, description) = ModelMutation(program, random, profile);
        var source = new FuzzProgram(program.Seed, program.IsFloat, methods).UserSource;
        var step = random.Next(12);
        (source, var more) = step switch
        {
            0 when profile.MutateTokens => DeleteToken(source, random),
            1 when profile.MutateTokens => Truncate(source, random),
            2 or 3 => Insert(source, random),
            4 when profile.MutateContainingTypes => Wrap(source, random),
            5 => Preprocessor(source, random),
            _ => (source, ""),
        };
        return (source, string.Join("; ", new[] { description, more }.Where(d => d.Length > 0)));
    }

    private static (List<MethodSpec> Methods, string Description) ModelMutation(FuzzProgram program, Random random, FuzzProfile profile)
    {
        var methods = program.Methods.ToList();
        var index = random.Next(methods.Count);
        var m = methods[index];
        switch (random.Next(7))
        {
            case 0 when profile.MutateOddNames && m.Kind != MethodKind.CustomTarget && m.Params.Count > 0:
            {
                var p = m.Params[random.Next(m.Params.Count)].Name;
                var name = random.Next(5) == 0 ? m.Name : OddNames[random.Next(OddNames.Length)];
                methods[index] = m with { Text = Regex.Replace(m.Text, $@"\b{Regex.Escape(p)}\b", name.Replace("$", "$$", StringComparison.Ordinal)) };
                return (methods, $"parameter {p} of {m.Name} renamed {name}");
            }

            case 1 when profile.MutateOddNames && m.Kind != MethodKind.CustomTarget && m.Params.Count > 1:
            {
                // Two names whose generated adjoints collide (dQ and dQ).
                var text = Regex.Replace(m.Text, $@"\b{m.Params[0].Name}\b", "q");
                methods[index] = m with { Text = Regex.Replace(text, $@"\b{m.Params[1].Name}\b", "Q") };
                return (methods, $"parameters of {m.Name} renamed q and Q");
            }

            case 2 when profile.MutateDuplicateMembers:
                methods.Insert(index + 1, m with { Companion = "" });
                return (methods, $"{m.Name} duplicated");
            case 3 when profile.MutateOverloads && m.Kind is MethodKind.Scalar or MethodKind.Loop or MethodKind.Mixed:
            {
                var signatureEnd = m.Text.IndexOf(')', StringComparison.Ordinal);
                var overload = m.Text.Insert(signatureEnd, ", [NoDerivative] ℝ extra, [NoDerivative] ℝ extra2");
                methods.Add(m with { Text = overload });
                return (methods, $"overload of {m.Name} with two [NoDerivative] parameters");
            }

            case 4 when profile.MutateGeneratedSignatures && m.Kind == MethodKind.Scalar && m.Params.All(p => p.Kind == ParamKind.Real):
            {
                var list = string.Join(", ", m.Params.Select(p => p.Declaration).Concat(m.Params.Select(p => "ℝ t" + p.Name)));
                methods.Add(new MethodSpec(m.Name + "Pushforward", MethodKind.CustomTarget, Array.Empty<Param>(), "",
                    $"    public static (ℝ Value, ℝ Tangent) {m.Name}Pushforward({list}) => (0, 0);\n"));
                return (methods, $"user member with {m.Name}Pushforward's generated signature");
            }

            case 5 when profile.MutateObsolete:
                methods[index] = m with { Attributes = (m.Attributes + " [Obsolete(\"old\", " + (random.Next(2) == 0 ? "true" : "false") + ")]").Trim() };
                return (methods, $"{m.Name} [Obsolete]");
            case 6 when m.Kind != MethodKind.CustomTarget:
                methods[index] = m with { Text = m.Text.Replace("public static", random.Next(2) == 0 ? "public" : "private static", StringComparison.Ordinal) };
                return (methods, $"{m.Name} modifiers changed");
        }

        return (methods, "");
    }

    private static (string, string) DeleteToken(string source, Random random)
    {
        var tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().Where(t => t.SpanStart > source.IndexOf("class P", StringComparison.Ordinal)).ToList();
        var token = tokens[random.Next(tokens.Count)];
        return (source.Remove(token.SpanStart, token.Span.Length), $"token '{token.Text}' deleted");
    }

    private static (string, string) Truncate(string source, Random random)
    {
        var start = source.IndexOf("class P", StringComparison.Ordinal);
        var at = start + random.Next(source.Length - start);
        return (source[..at], $"truncated at {at}");
    }

    private static (string, string) Insert(string source, Random random)
    {
        var lines = source.Split('\n').ToList();
        var candidates = Enumerable.Range(0, lines.Count).Where(i => lines[i].StartsWith("        ", StringComparison.Ordinal) && lines[i].TrimEnd().EndsWith(';')).ToList();
        if (candidates.Count == 0) return (source, "");
        var construct = Unsupported[random.Next(Unsupported.Length)];
        lines.Insert(candidates[random.Next(candidates.Count)] + 1, "        " + construct);
        return (string.Join("\n", lines), $"inserted '{construct}'");
    }

    private static (string, string) Wrap(string source, Random random)
    {
        var header = source.IndexOf("public static partial class P", StringComparison.Ordinal);
        var (before, rest) = (source[..header], source[header..]);
        switch (random.Next(6))
        {
            case 0: return (before + "public static partial class Outer\n{\n" + rest + "}\n", "nested in Outer");
            case 1: return (before + "public static partial class Outer<TT>\n{\n" + rest + "}\n", "nested in generic Outer<TT>");
            case 2: return (before + "namespace Fz.Inner;\n\n" + rest, "file-scoped namespace");
            case 3: return (before + "namespace Fz\n{\n" + rest + "}\n", "block namespace");
            case 4: return (before + rest.Replace("public static partial class P", "file static partial class P", StringComparison.Ordinal), "file-local class");
            default: return (before + "public partial class Outer\n{\n    internal static partial class Mid\n    {\n" + rest.Replace("public static partial class P", "public static partial class P", StringComparison.Ordinal) + "    }\n}\n", "nested two deep");
        }
    }

    private static (string, string) Preprocessor(string source, Random random)
    {
        var lines = source.Split('\n').ToList();
        var signatures = Enumerable.Range(0, lines.Count).Where(i => lines[i].StartsWith("    public static", StringComparison.Ordinal)).ToList();
        if (signatures.Count == 0) return (source, "");
        var at = signatures[random.Next(signatures.Count)];
        var directive = random.Next(4) switch
        {
            0 => "#line 100 \"Other.cs\"",
            1 => "#line hidden",
            2 => "#pragma warning disable CS0219",
            _ => "#region Fuzz",
        };
        lines.Insert(at, directive);
        if (directive.StartsWith("#region", StringComparison.Ordinal)) lines.Insert(lines.Count - 2, "#endregion");
        return (string.Join("\n", lines), $"'{directive}' before a method");
    }
}
