namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Which definition (a value, numbered) each variable of a <see cref="Model.LoopProgram"/> holds at a point of the program
/// being walked (<see cref="PrimalSweep"/>). A branch arm starts as a view of the bindings before the branch and records
/// only what it assigns, so entering an arm costs nothing and joining a branch costs what its arms assigned: copying
/// every variable in scope into each arm made a body with n variables and n branches quadratic. Each variable keeps the
/// rank it got when it was first bound, and joins are made in that order. The bindings an arm was made from must not
/// change while the arm is in use.
/// </summary>
internal sealed class Bindings
{
    private readonly Bindings? _outer;
    private readonly Dictionary<int, (int Value, long Rank)> _own = new();
    private readonly Ranks _ranks;

    public Bindings()
    {
        _ranks = new Ranks();
    }

    private Bindings(Bindings outer)
    {
        _outer = outer;
        _ranks = outer._ranks;
    }

    /// <summary>The value <paramref name="variable"/> holds; setting it binds the variable to a new value.</summary>
    public int this[int variable]
    {
        get => TryGetValue(variable, out var value) ? value : throw new KeyNotFoundException($"variable {variable} has no value here");
        set => _own[variable] = (value, Find(variable, out var bound) ? bound.Rank : _ranks.Next++);
    }

    /// <summary>Bindings for an arm of a branch taken from here: they see these, and what they assign stays their own.</summary>
    public Bindings Arm() => new(this);

    /// <summary>True when these bindings (not the ones they were made from) bound <paramref name="variable"/>.</summary>
    public bool Binds(int variable) => _own.ContainsKey(variable);

    public bool TryGetValue(int variable, out int value)
    {
        var found = Find(variable, out var bound);
        value = bound.Value;
        return found;
    }

    /// <summary>
    /// The variables that <paramref name="then"/> or <paramref name="otherwise"/> (two arms of these bindings) assigned
    /// and that the then-arm sees, in the order they were first bound: where the arms may disagree after the branch.
    /// </summary>
    public static IEnumerable<int> AssignedInEither(Bindings then, Bindings otherwise) => then._own.Keys
        .Concat(otherwise._own.Keys.Where(v => !then._own.ContainsKey(v) && then.Find(v, out _)))
        .OrderBy(v => then.Find(v, out var bound) ? bound.Rank : 0)
        .ToList();

    private bool Find(int variable, out (int Value, long Rank) bound)
    {
        for (var bindings = this; bindings is not null; bindings = bindings._outer)
        {
            if (bindings._own.TryGetValue(variable, out bound))
            {
                return true;
            }
        }

        bound = default;
        return false;
    }

    /// <summary>The next rank, shared by a body's bindings and all their arms.</summary>
    private sealed class Ranks
    {
        public long Next { get; set; }
    }
}
