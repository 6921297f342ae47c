namespace SymDiff.Generators.Emit;

/// <summary>Runs an action when disposed: the end of a <c>using</c> scope that must undo or close something.</summary>
internal sealed class OnDispose(Action action) : IDisposable
{
    public void Dispose() => action();
}
