using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// The node each storage of a program (a scalar, an element) holds at a point of the program an island is built from
/// (<see cref="ProgramIsland"/>). An arm of a branch is a scope of its own over the one before the branch: it sees that
/// scope's bindings and records only what it assigns, so entering an arm costs nothing and joining a branch costs what
/// its arms assigned (copying every binding into each arm makes a body of n variables and n branches quadratic). The
/// scope an arm was made from must not change while the arm is in use.
/// </summary>
internal sealed class Scope
{
    private readonly Scope? _outer;
    private readonly Dictionary<LExpr, Node> _own = new();

    public Scope()
    {
    }

    private Scope(Scope outer) => _outer = outer;

    /// <summary>The node <paramref name="storage"/> holds here; setting it binds the storage in this scope.</summary>
    public Node this[LExpr storage]
    {
        get => TryGetValue(storage, out var node) ? node : throw new KeyNotFoundException($"{storage} holds nothing here");
        set => _own[storage] = value;
    }

    /// <summary>A scope for an arm of a branch taken from here: it sees these bindings, and what it binds stays its own.</summary>
    public Scope Arm() => new(this);

    public bool TryGetValue(LExpr storage, out Node node)
    {
        for (var scope = this; scope is not null; scope = scope._outer)
        {
            if (scope._own.TryGetValue(storage, out node!))
            {
                return true;
            }
        }

        node = null!;
        return false;
    }
}
