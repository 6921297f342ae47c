namespace SymDiff.Generators.Model;

/// <summary>A user-supplied derivative found through <c>[DerivativeOf]</c>, validated against its primal.</summary>
/// <param name="TargetTypeName">The primal's containing type, fully qualified.</param>
/// <param name="TargetName">The primal's name.</param>
/// <param name="TargetParameterKinds">The primal's parameter kinds, so overloads are told apart.</param>
/// <param name="DerivativeTypeName">The type that declares the derivative, fully qualified.</param>
/// <param name="DerivativeName">The derivative method's name.</param>
/// <param name="Strategy">Pullback or pushforward, read off its signature.</param>
internal sealed record CustomDerivativeModel(
    string TargetTypeName,
    string TargetName,
    string TargetParameterKinds,
    string DerivativeTypeName,
    string DerivativeName,
    CallStrategy Strategy);
