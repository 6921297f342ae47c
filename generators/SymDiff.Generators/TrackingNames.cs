namespace SymDiff.Generators;

/// <summary>Names of the generator's incremental steps, so tests can assert each one is cached.</summary>
internal static class TrackingNames
{
    public const string Methods = nameof(Methods);
    public const string MethodModels = nameof(MethodModels);

    /// <summary>Where every method and its calls are written: after discovery, the one step a method that only moved changes.</summary>
    public const string Sites = nameof(Sites);

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
    public const string MethodSources = nameof(MethodSources);
    public const string BatchSources = nameof(BatchSources);

    /// <summary>Whether the compilation references ILGPU and ILGPU.Algorithms: one value, changed only by references.</summary>
    public const string GpuSupport = nameof(GpuSupport);
    public const string GpuInputs = nameof(GpuInputs);
    public const string GpuSources = nameof(GpuSources);
    public const string GpuOverloads = nameof(GpuOverloads);
    public const string PerExampleInputs = nameof(PerExampleInputs);
    public const string PerExampleSources = nameof(PerExampleSources);
    public const string ReportedDiagnostics = nameof(ReportedDiagnostics);
}
