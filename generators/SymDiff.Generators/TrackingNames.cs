namespace SymDiff.Generators;

/// <summary>Names of the generator's incremental steps, so tests can assert each one is cached.</summary>
internal static class TrackingNames
{
    public const string Methods = nameof(Methods);
    public const string MethodModels = nameof(MethodModels);
    public const string CustomDerivatives = nameof(CustomDerivatives);
    public const string CustomDerivativeRegistry = nameof(CustomDerivativeRegistry);
    public const string CallGraph = nameof(CallGraph);
    public const string EmitInputs = nameof(EmitInputs);
    public const string AllowsUnsafe = nameof(AllowsUnsafe);
    public const string BatchInputs = nameof(BatchInputs);
    public const string MemberCollisions = nameof(MemberCollisions);
    public const string HintNames = nameof(HintNames);
    public const string Options = nameof(Options);
    public const string MethodOutputs = nameof(MethodOutputs);
}
