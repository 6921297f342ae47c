using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Whether a printed condition is a C# constant: only <c>true</c>, <c>false</c>, <c>&amp;&amp;</c>, <c>||</c>,
/// <c>!</c> and parentheses. The printer writes some comparisons as literals (a value compared with itself,
/// <see cref="OpSyntax"/>), so a condition can become one after printing; C# then calls the arm it never takes
/// unreachable code (CS0162). The printer prints the taken arm alone instead.
/// </summary>
internal static class ConstantCondition
{
    /// <summary>The value of <paramref name="condition"/> when C# takes it as a constant expression (<see cref="ConstantFold"/>).</summary>
    public static bool? Truth(LExpr condition) => ConstantFold.Truth(condition);

    /// <summary>The value of <paramref name="text"/> when it is a constant condition, else <see langword="null"/>.</summary>
    public static bool? Truth(string text)
    {
        var tokens = Tokens(text);
        if (tokens is null)
        {
            return null;
        }

        var position = 0;
        var value = Or(tokens, ref position);
        return value is not null && position == tokens.Count ? value : null;
    }

    private static List<string>? Tokens(string text)
    {
        var tokens = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            if (text[i] == ' ')
            {
                i++;
            }
            else if (text[i] is '(' or ')' or '!')
            {
                tokens.Add(text[i++].ToString());
            }
            else if (string.CompareOrdinal(text, i, "&&", 0, 2) == 0 || string.CompareOrdinal(text, i, "||", 0, 2) == 0)
            {
                tokens.Add(text.Substring(i, 2));
                i += 2;
            }
            else if (string.CompareOrdinal(text, i, "true", 0, 4) == 0)
            {
                tokens.Add("true");
                i += 4;
            }
            else if (string.CompareOrdinal(text, i, "false", 0, 5) == 0)
            {
                tokens.Add("false");
                i += 5;
            }
            else
            {
                return null;
            }
        }

        return tokens;
    }

    private static bool? Or(List<string> tokens, ref int position)
    {
        var left = And(tokens, ref position);
        while (left is not null && position < tokens.Count && tokens[position] == "||")
        {
            position++;
            left = And(tokens, ref position) is { } right ? left.Value || right : null;
        }

        return left;
    }

    private static bool? And(List<string> tokens, ref int position)
    {
        var left = Unary(tokens, ref position);
        while (left is not null && position < tokens.Count && tokens[position] == "&&")
        {
            position++;
            left = Unary(tokens, ref position) is { } right ? left.Value && right : null;
        }

        return left;
    }

    private static bool? Unary(List<string> tokens, ref int position)
    {
        if (position >= tokens.Count)
        {
            return null;
        }

        switch (tokens[position++])
        {
            case "true":
                return true;
            case "false":
                return false;
            case "!":
                return !Unary(tokens, ref position);
            case "(":
                var inner = Or(tokens, ref position);
                return position < tokens.Count && tokens[position++] == ")" ? inner : null;
            default:
                return null;
        }
    }
}
