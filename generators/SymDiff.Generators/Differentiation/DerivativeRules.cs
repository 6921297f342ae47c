using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// The one table of elementary derivatives both modes use: <c>Partial(n, i)</c> is ∂n/∂(argument i), written in
/// terms of the node's arguments and of <c>n</c> itself, so forward values are reused (exp' = exp, tanh' = 1 − tanh²,
/// √' = 1/(2√), σ-style quotients reuse the quotient). Returning null means the partial is identically zero.
/// At kinks SymDiff takes the derivative of the branch that holds with equality: Abs'(0) = 1, Max/Min ties route the
/// gradient to the argument that depends on differentiable inputs (the first when both do), Clamp(x, lo, hi)' = 1 for
/// lo ≤ x ≤ hi; so ReLU = Max(0, z) or Max(z, 0) has ReLU'(0) = 1 and hardtanh'(±1) = 1, as in the seeds.
/// </summary>
internal static class DerivativeRules
{
    /// <summary>
    /// <paramref name="numerator"/>/<paramref name="denominator"/>, or 0 where the denominator is 0: √ and ∛ have a
    /// vertical tangent at 0 and no derivative there, and SymDiff takes 0, as it takes one branch at a kink. An infinite
    /// (or huge) slope would turn a locally constant argument (∛(tanh(k·x)) with k = 0, or ∛(x[i] − x[0]) at i = 0)
    /// into ∞·0 = NaN or a cancellation that wipes out the rest of the gradient; 0 leaves the rest exact.
    /// </summary>
    private static Node SlopeOrZero(Graph g, Node numerator, Node denominator) =>
        g.Select(g.Make(Op.Eq, ScalarKind.Bool, denominator, g.Zero(denominator.Type)), g.Zero(denominator.Type), g.Div(numerator, denominator));

    public static Node? Partial(Graph g, Node n, int i)
    {
        var t = n.Type;
        var a = n.Args.Length > 0 ? n.Args[0] : null;
        var b = n.Args.Length > 1 ? n.Args[1] : null;
        Node One() => g.One(t);
        Node C(double value) => g.Const(value, t);
        Node F(Op op, params Node[] args) => g.Make(op, t, args);
        Node Square(Node x) => g.Mul(x, x);

        switch (n.Op)
        {
            case Op.Add:
                return One();
            case Op.Sub:
                return i == 0 ? One() : C(-1);
            case Op.Mul:
                return i == 0 ? b : a;
            case Op.Div:
                // ∂(a/b)/∂a = 1/b; ∂(a/b)/∂b = −(a/b)/b, reusing the quotient.
                return i == 0 ? g.Div(One(), b!) : g.Neg(g.Div(n, b!));
            case Op.Neg:
                return C(-1);
            case Op.Rem:
                // a % b = a − trunc(a/b)·b (C#'s remainder truncates): ∂/∂a = 1, ∂/∂b = −trunc(a/b) between the jumps.
                return i == 0 ? One() : g.Neg(F(Op.Truncate, g.Div(a!, b!)));
            case Op.Exp:
                return n;
            case Op.Log:
                return g.Div(One(), a!);
            case Op.Log2:
                return g.Div(One(), g.Mul(a!, C(Math.Log(2))));
            case Op.Log10:
                return g.Div(One(), g.Mul(a!, C(Math.Log(10))));
            case Op.LogBase:
                // log_b(a) = ln a / ln b.
                return i == 0
                    ? g.Div(One(), g.Mul(a!, F(Op.Log, b!)))
                    : g.Neg(g.Div(n, g.Mul(b!, F(Op.Log, b!))));
            case Op.Sqrt:
                return SlopeOrZero(g, C(0.5), n);
            case Op.Cbrt:
                return SlopeOrZero(g, One(), g.Mul(C(3), Square(n)));
            case Op.Pow:
                return i == 0 ? PowBase(g, n, a!, b!) : g.Mul(n, F(Op.Log, a!));
            case Op.Sin:
                return F(Op.Cos, a!);
            case Op.Cos:
                return g.Neg(F(Op.Sin, a!));
            case Op.Tan:
                return g.Add(One(), Square(n));
            case Op.Asin:
                return g.Div(One(), F(Op.Sqrt, g.Sub(One(), Square(a!))));
            case Op.Acos:
                return g.Neg(g.Div(One(), F(Op.Sqrt, g.Sub(One(), Square(a!)))));
            case Op.Atan:
                return g.Div(One(), g.Add(One(), Square(a!)));
            case Op.FusedMultiplyAdd:
                // fma(a, b, c) = a·b + c, rounded once: the derivative is that of a·b + c. Kept as its own operation so
                // the generated primal rounds exactly as the user's code does.
                return i == 0 ? b : i == 1 ? a : One();
            case Op.Atan2:
                {
                    // atan2(y, x): ∂/∂y = x/(x² + y²), ∂/∂x = −y/(x² + y²).
                    var r2 = g.Add(Square(b!), Square(a!));
                    return i == 0 ? g.Div(b!, r2) : g.Neg(g.Div(a!, r2));
                }

            case Op.Sinh:
                return F(Op.Cosh, a!);
            case Op.Cosh:
                return F(Op.Sinh, a!);
            case Op.Tanh:
                return g.Sub(One(), Square(n));
            case Op.Asinh:
                {
                    // 1/√(x² + 1), which is 1/|x| exactly once x² swamps the 1 (|x| ≥ 10¹⁵ in double and float): there
                    // it is taken as 1/|x|, because x² overflows long before 1/|x| underflows (asinh(eˣ)′ → 1).
                    var magnitude = F(Op.Abs, a!);
                    return g.Select(
                        g.Make(Op.Lt, ScalarKind.Bool, magnitude, C(1e15)),
                        g.Div(One(), F(Op.Sqrt, g.Add(Square(a!), One()))),
                        g.Div(One(), magnitude));
                }

            case Op.Acosh:
                // Defined for x ≥ 1; infinite at 1, where acosh is 0 (a singular partial, as Asin's at ±1). Written
                // 1/(√(x − 1)·√(x + 1)) rather than 1/√(x² − 1): x² overflows where the product does not.
                return g.Div(One(), g.Mul(F(Op.Sqrt, g.Sub(a!, One())), F(Op.Sqrt, g.Add(a!, One()))));
            case Op.Atanh:
                return g.Div(One(), g.Sub(One(), Square(a!)));
            case Op.ExpM1:
                // eˣ − 1 computed without cancellation; its derivative eˣ is the value plus 1.
                return g.Add(n, One());
            case Op.LogP1:
                return g.Div(One(), g.Add(One(), a!));
            case Op.Exp2:
                return g.Mul(n, C(Math.Log(2)));
            case Op.Hypot:
                // √(x² + y²) without overflow: ∂/∂x = x/h, ∂/∂y = y/h; at the origin, where h has a cone point, 0.
                return SlopeOrZero(g, i == 0 ? a! : b!, n);
            case Op.IeeeRemainder:
                // x − y·q with q the nearest integer to x/y (ties to even): ∂/∂x = 1, ∂/∂y = −q = (r − x)/y between the jumps.
                return i == 0 ? One() : g.Div(g.Sub(n, a!), b!);
            case Op.Abs:
                return g.Select(g.Make(Op.Ge, ScalarKind.Bool, a!, g.Zero(t)), One(), C(-1));
            case Op.Max:
                return TieAware(g, n, i, Op.Ge);
            case Op.Min:
                return TieAware(g, n, i, Op.Le);
            case Op.Clamp:
                {
                    var x = n.Args[0];
                    var lo = n.Args[1];
                    var hi = n.Args[2];
                    return i switch
                    {
                        0 => g.Select(g.Make(Op.And, ScalarKind.Bool, g.Make(Op.Ge, ScalarKind.Bool, x, lo), g.Make(Op.Le, ScalarKind.Bool, x, hi)), One(), g.Zero(t)),
                        1 => g.Select(g.Make(Op.Lt, ScalarKind.Bool, x, lo), One(), g.Zero(t)),
                        _ => g.Select(g.Make(Op.Gt, ScalarKind.Bool, x, hi), One(), g.Zero(t)),
                    };
                }

            case Op.Call:
                // A partial has its parameter's type (what the callee's gradient gives); the chain rule runs in the call's.
                return n.Partials?[i] is { } partial ? g.Convert(partial, t) : null;
            case Op.Select:
                return i == 0 ? null : g.Select(n.Args[0], i == 1 ? One() : g.Zero(t), i == 1 ? g.Zero(t) : One());
            default:
                // Piecewise-constant and boolean operations, conversions to int, integer remainder.
                return null;
        }
    }

    /// <summary>
    /// ṅ = Σᵢ ∂n/∂aᵢ · ȧᵢ over the active arguments that have a tangent (forward mode's one rule). Where a partial can be
    /// infinite at a finite value (<see cref="MaySingular"/>), a zero tangent contributes 0 rather than ∞·0 = NaN, as a
    /// zero adjoint contributes nothing in the reverse sweep: a Pushforward along the other inputs (a Jacobian column)
    /// is their directional derivative, what the Gradient says.
    /// </summary>
    public static Node Tangent(Graph g, Node n, Func<Node, Node?> tangentOf)
    {
        var terms = new List<Node>();
        for (var i = 0; i < n.Args.Length; i++)
        {
            var arg = n.Args[i];
            if (!arg.Active || tangentOf(arg) is not { } argTangent)
            {
                continue;
            }

            if (n.Op == Op.Convert)
            {
                terms.Add(g.Convert(argTangent, n.Type));
            }
            else if (Partial(g, n, i) is { } partial)
            {
                // A call's argument may have another type than the call (a double passed to a float method's parameter).
                var term = g.Mul(partial, g.Convert(argTangent, n.Type));
                terms.Add(MaySingular(n.Op)
                    ? g.Select(g.Make(Op.Eq, ScalarKind.Bool, argTangent, g.Zero(argTangent.Type)), g.Zero(term.Type), term)
                    : term);
            }
        }

        return g.Sum(terms, n.Type);
    }

    /// <summary>
    /// Forward mode as a graph is built (<see cref="ProgramIsland"/>): the tangent of
    /// <paramref name="node"/> by <see cref="Tangent(Graph, Node, Func{Node, Node?})"/>, made where the node lives, not in
    /// the branch that first asks for it (a value shared, hash-consed, by both arms of an if gets one tangent both arms can
    /// see), and recorded in <paramref name="tangents"/>. An argument with no tangent yet that is not a leaf
    /// (<paramref name="isLeaf"/>) is an intermediate the simplifier introduced (the x·y of −(x·y)), with no statement of
    /// its own: it gets its tangent first. A tangent made in one of several lanes (vector forward mode) records its
    /// <paramref name="lane"/>, which its name ends with (<see cref="Node.Lane"/>).
    /// </summary>
    public static void TangentWhereItLives(Graph g, Node node, Dictionary<Node, Node> tangents, Func<Node, bool> isLeaf, int lane = -1)
    {
        if (tangents.ContainsKey(node))
        {
            return;
        }

        var current = g.Current;
        g.Current = node.Region;
        try
        {
            var firstNew = g.NextId;
            var tangent = Tangent(g, node, arg =>
            {
                if (!tangents.ContainsKey(arg) && !isLeaf(arg))
                {
                    TangentWhereItLives(g, arg, tangents, isLeaf, lane);
                }

                return tangents.TryGetValue(arg, out var argTangent) ? argTangent : null;
            });
            if (tangent.Id >= firstNew && tangent.BaseName is null && !tangent.IsLeaf)
            {
                tangent.TangentOf = node;
                tangent.Lane = lane;
            }

            tangents[node] = tangent;
        }
        finally
        {
            g.Current = current;
        }
    }

    /// <summary>
    /// True for the operations with a partial that can be infinite (or ∞·0) where their value is finite: a power of a
    /// base at 0 (x^0.5; ∂/∂b = a^b·ln a at a = 0), Asin/Acos at ±1, Acosh at 1 (<see cref="OpInfo.SingularPartial"/>). A quotient or a logarithm has an infinite partial
    /// only where its value is not finite either, and √ and ∛ take slope 0 at 0 (<see cref="SlopeOrZero"/>).
    /// </summary>
    public static bool MaySingular(Op op) => Ops.Of(op).SingularPartial;

    /// <summary>∂(a^b)/∂a = b·a^(b−1), folded for constant exponents (x² → 2x, x³ → 3x²).</summary>
    private static Node PowBase(Graph g, Node n, Node a, Node b)
    {
        if (b.Op != Op.Const)
        {
            return g.Mul(b, g.Make(Op.Pow, n.Type, a, g.Sub(b, g.One(n.Type))));
        }

        var exponent = b.Value - 1;
        Node power = exponent switch
        {
            0 => g.One(n.Type),
            1 => a,
            2 => g.Mul(a, a),
            _ => g.Make(Op.Pow, n.Type, a, g.Const(exponent, n.Type)),
        };
        return g.Mul(b, power);
    }

    /// <summary>Max/Min: the gradient goes to the winning argument; ties go to the active one (the first if both are).</summary>
    private static Node TieAware(Graph g, Node n, int i, Op wins)
    {
        var a = n.Args[0];
        var b = n.Args[1];
        var t = n.Type;
        Node Indicator(Node condition) => g.Select(condition, g.One(t), g.Zero(t));
        var firstWinsTies = a.Active || !b.Active;
        var firstWins = firstWinsTies ? g.Make(wins, ScalarKind.Bool, a, b) : g.Make(Strict(wins), ScalarKind.Bool, a, b);
        return i == 0 ? Indicator(firstWins) : Indicator(g.Make(Op.Not, ScalarKind.Bool, firstWins));
    }

    private static Op Strict(Op op) => op == Op.Ge ? Op.Gt : Op.Lt;
}
