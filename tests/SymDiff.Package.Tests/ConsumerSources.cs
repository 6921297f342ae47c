namespace SymDiff.Package.Tests;

/// <summary>Consumer code the package's tests compile, build and open in an editor.</summary>
internal static class ConsumerSources
{
    /// <summary>
    /// Two methods SymDiff rejects: a [Differentiable] method of a type that is not partial (SD0001 on the type's
    /// name) and one that calls a method without a derivative (SD0007 on the call).
    /// </summary>
    public const string Rejected = """
        using SymDiff;

        namespace Consumer;

        public static class NotPartial
        {
            [Differentiable]
            public static double F(double x) => x * x;
        }

        public static partial class Calls
        {
            private static double G(double x) => x * x;

            [Differentiable]
            public static double H(double x) => G(x) + 1;
        }
        """;
}
