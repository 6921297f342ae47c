using System.ComponentModel;

namespace SymDiff;

/// <summary>Argument checks the generated derivative code calls; each message names both spans and their lengths.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedChecks
{
    /// <summary>Throws unless <paramref name="span"/> has the length of <paramref name="other"/>.</summary>
    public static void SameLength(int spanLength, string span, int otherLength, string other)
    {
        if (spanLength != otherLength)
        {
            throw new ArgumentException($"'{span}' has length {spanLength} but '{other}' has length {otherLength}; they must have the same length.", span);
        }
    }

    /// <summary>Throws when an output span overlaps an input span (the derivative would read values it overwrote).</summary>
    public static void NoOverlap(bool overlaps, string output, string input)
    {
        if (overlaps)
        {
            throw new ArgumentException($"The output '{output}' overlaps the input '{input}'; pass separate buffers.", output);
        }
    }

    /// <summary>Throws unless the Jacobian span has room for rows × columns entries.</summary>
    public static void JacobianSize(int length, int rows, int columns, string jacobian)
    {
        if (length != rows * columns)
        {
            throw new ArgumentException($"'{jacobian}' has length {length} but the Jacobian is {rows}×{columns} = {rows * columns} (rows: outputs, columns: differentiable inputs).", jacobian);
        }
    }
}
