namespace SymDiff.Functions;

/// <summary>Argument checks shared by the batched kernels.</summary>
internal static class KernelChecks
{
    public static void SameLength(int expected, int actual, string parameterName)
    {
        if (expected != actual)
        {
            throw new ArgumentException(
                $"Span length mismatch: expected {expected} elements, got {actual}.", parameterName);
        }
    }
}
