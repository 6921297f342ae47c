using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Builds graph nodes through smart constructors that simplify as they go (the Simplify stage): constant folding,
/// the identities x·1 = x, x + 0 = x, x·0 = 0, sign pushing, and hash-consing so common subexpressions are shared.
/// </summary>
internal sealed partial class Graph
{
    private readonly Dictionary<NodeKey, Node> _leaves = new();
    private readonly Interning _interning = new();
    private int _nextId;

    public Graph()
    {
        Root = new Region(null, null, isReverse: false);
        Current = Root;
    }

    public Region Root { get; }

    /// <summary>The id the next new node gets: nodes with a smaller id existed before.</summary>
    public int NextId => _nextId;

    /// <summary>The region new nodes are defined in.</summary>
    public Region Current { get; set; }

    public Node Const(double value, ScalarKind type)
    {
        if (type == ScalarKind.Float)
        {
            value = (float)value;
        }

        return Leaf(Op.Const, type, value);
    }

    public Node Zero(ScalarKind type) => Const(0, type);

    public Node One(ScalarKind type) => Const(1, type);

    public Node Param(int ordinal, ScalarKind type, string name, bool active)
    {
        var node = Leaf(Op.Param, type, ordinal);
        node.BaseName = name;
        node.Active = active;
        return node;
    }

    /// <summary>A fresh variable of the generated code (never shared).</summary>
    public Node Local(ScalarKind type, string? name) =>
        new(_nextId++, Op.Local, type, Array.Empty<Node>(), 0, Current) { BaseName = name };

    /// <summary>A fresh join variable, defined in the current region by an <see cref="IfItem"/>.</summary>
    public Node Phi(ScalarKind type, string? name) =>
        new(_nextId++, Op.Phi, type, Array.Empty<Node>(), 0, Current) { BaseName = name };

    public Node Add(Node a, Node b)
    {
        if (a.IsConst(0))
        {
            return b;
        }

        if (b.IsConst(0))
        {
            return a;
        }

        if (a.Op == Op.Const && b.Op == Op.Const)
        {
            return Const(a.Value + b.Value, a.Type);
        }

        if (b.Op == Op.Neg)
        {
            return Sub(a, b.Args[0]);
        }

        if (a == b)
        {
            return Mul(Const(2, a.Type), a);
        }

        return a.Op == Op.Neg ? Sub(b, a.Args[0]) : Make(Op.Add, a.Type, a, b);
    }

    public Node Sub(Node a, Node b)
    {
        if (b.IsConst(0))
        {
            return a;
        }

        if (a.IsConst(0))
        {
            return Neg(b);
        }

        if (a.Op == Op.Const && b.Op == Op.Const)
        {
            return Const(a.Value - b.Value, a.Type);
        }

        if (a == b)
        {
            // a − a is 0 (for every finite a), and so is its derivative: left unfolded, Cbrt(a − a) would
            // differentiate to ∞·(1 − 1) = NaN.
            return Zero(a.Type);
        }

        return b.Op == Op.Neg ? Add(a, b.Args[0]) : Make(Op.Sub, a.Type, a, b);
    }

    public Node Mul(Node a, Node b)
    {
        if (a.IsConst(0) || b.IsConst(0))
        {
            return Zero(a.Type);
        }

        if (a.IsConst(1))
        {
            return b;
        }

        if (b.IsConst(1))
        {
            return a;
        }

        if (a.IsConst(-1))
        {
            return Neg(b);
        }

        if (b.IsConst(-1))
        {
            return Neg(a);
        }

        if (a.Op == Op.Const && b.Op == Op.Const)
        {
            return Const(a.Value * b.Value, a.Type);
        }

        if (a.Op == Op.Neg)
        {
            return Neg(Mul(a.Args[0], b));
        }

        if (b.Op == Op.Neg)
        {
            return Neg(Mul(a, b.Args[0]));
        }

        if (b.Op == Op.Select && b.Args[1].Op == Op.Const && b.Args[2].Op == Op.Const)
        {
            return Select(b.Args[0], Mul(a, b.Args[1]), Mul(a, b.Args[2]));
        }

        if (a.Op == Op.Select && a.Args[1].Op == Op.Const && a.Args[2].Op == Op.Const)
        {
            return Select(a.Args[0], Mul(a.Args[1], b), Mul(a.Args[2], b));
        }

        if (b.Op == Op.Div && b.Args[0].IsConst(1))
        {
            return Div(a, b.Args[1]);
        }

        if (a.Op == Op.Div && a.Args[0].IsConst(1))
        {
            return Div(b, a.Args[1]);
        }

        if (a.Op == Op.Const && b.Op == Op.Mul && b.Args[0].Op == Op.Const)
        {
            return Mul(Const(a.Value * b.Args[0].Value, a.Type), b.Args[1]);
        }

        return Make(Op.Mul, a.Type, a, b);
    }

    public Node Div(Node a, Node b)
    {
        if (a.IsConst(0))
        {
            return a;
        }

        if (b.IsConst(1))
        {
            return a;
        }

        if (a.Op == Op.Const && b.Op == Op.Const && b.Value != 0)
        {
            return Const(a.Value / b.Value, a.Type);
        }

        if (a.Op == Op.Neg)
        {
            return Neg(Div(a.Args[0], b));
        }

        return b.Op == Op.Neg ? Neg(Div(a, b.Args[0])) : Make(Op.Div, a.Type, a, b);
    }

    public Node Neg(Node a) => a.Op switch
    {
        Op.Const => Const(-a.Value, a.Type),
        Op.Neg => a.Args[0],
        Op.Sub => Sub(a.Args[1], a.Args[0]),
        _ => Make(Op.Neg, a.Type, a),
    };

    public Node Select(Node condition, Node whenTrue, Node whenFalse)
    {
        if (whenTrue == whenFalse)
        {
            return whenTrue;
        }

        return condition.Op == Op.Const
            ? (condition.Value != 0 ? whenTrue : whenFalse)
            : Make(Op.Select, whenTrue.Type, condition, whenTrue, whenFalse);
    }

    public Node Convert(Node a, ScalarKind type)
    {
        if (a.Type == type)
        {
            return a;
        }

        if (a.Op == Op.Convert && a.Args[0].Type == type && type == ScalarKind.Float && a.Type == ScalarKind.Double)
        {
            // (float)(double)f is f: every float is a double.
            return a.Args[0];
        }

        return a.Op == Op.Const ? Const(type == ScalarKind.Int ? Math.Truncate(a.Value) : a.Value, type) : Make(Op.Convert, type, a);
    }

    /// <summary>
    /// The operation <paramref name="op"/> on <paramref name="args"/> as a program writes it, rewritten only where the
    /// value keeps every bit: folded where C# folds it itself (an operator of constants, <c>2 + 1</c>; a conversion of a
    /// constant, <c>(double)2</c>), a sign moved out of a product or quotient (<c>-y * y</c> is <c>-(y * y)</c>, which
    /// shares <c>y * y</c>), a negation added as a subtraction, <c>x·1</c> as x. Nothing else: <c>x·0</c> stays
    /// <c>x·0</c> (NaN and ∞ propagate), <c>e·(1/v)</c> is not <c>e/v</c> (another rounding). The values a member returns
    /// and stores are the function's to the last bit; the derivatives, built through the simplifying constructors
    /// (<see cref="Apply"/>), are not values the program computes.
    /// </summary>
    public Node AsWritten(Op op, ScalarKind type, Node[] args)
    {
        if (op == Op.Convert && args[0].Op == Op.Const)
        {
            return Convert(args[0], type);
        }

        if (ConstantValues(args) is { } values && ConstantFold.Combine(op, type, values) is { } folded
            && (type != ScalarKind.Int || folded is >= int.MinValue and <= int.MaxValue))
        {
            return Const(folded, type);
        }

        if (type is not (ScalarKind.Double or ScalarKind.Float))
        {
            // Integers and conditions as written (−n·d overflows where −(n·d) does not, in a checked context).
            return Make(op, type, args);
        }

        // IEEE arithmetic rounds symmetrically in sign, and a + (−b) is a − b by definition: each rewrite below is exact.
        switch (op)
        {
            case Op.Neg when args[0].Op == Op.Neg:
                return args[0].Args[0];
            case Op.Mul or Op.Div when args[0].Op == Op.Neg:
                return AsWritten(Op.Neg, type, [AsWritten(op, type, [args[0].Args[0], args[1]])]);
            case Op.Mul or Op.Div when args[1].Op == Op.Neg:
                return AsWritten(Op.Neg, type, [AsWritten(op, type, [args[0], args[1].Args[0]])]);
            case Op.Mul or Op.Div when args[1].IsConst(1):
                return args[0];
            case Op.Mul when args[0].IsConst(1):
                return args[1];
            case Op.Add when args[1].Op == Op.Neg:
                return AsWritten(Op.Sub, type, [args[0], args[1].Args[0]]);
            case Op.Add when args[0].Op == Op.Neg:
                return AsWritten(Op.Sub, type, [args[1], args[0].Args[0]]);
            case Op.Sub when args[1].Op == Op.Neg:
                return AsWritten(Op.Add, type, [args[0], args[1].Args[0]]);
            default:
                return Make(op, type, args);
        }
    }

    /// <summary>The operation <paramref name="op"/> on <paramref name="args"/>, through the simplifying constructors where there is one.</summary>
    public Node Apply(Op op, ScalarKind type, Node[] args) => op switch
    {
        Op.Add => Add(args[0], args[1]),
        Op.Sub => Sub(args[0], args[1]),
        Op.Mul => Mul(args[0], args[1]),
        Op.Div when type != ScalarKind.Int => Div(args[0], args[1]),
        Op.Div when args[0].Op == Op.Const && args[1].Op == Op.Const && args[1].Value != 0 => Const(Math.Truncate(args[0].Value / args[1].Value), type), // 7 / 2 is 3
        Op.Neg => Neg(args[0]),
        Op.Convert => Convert(args[0], type),
        _ when type == ScalarKind.Bool && Truth(op, args) is { } truth => Const(truth ? 1 : 0, ScalarKind.Bool),
        _ => Make(op, type, args),
    };

    /// <summary>
    /// The value of a comparison or logical operation on constant expressions, or null. Folding them keeps a constant
    /// condition (<c>const bool flag</c>, <c>2.0 &gt; 1.0</c>, <c>0.25 &lt; -0.25</c> in an unsimplified island: fuzzer
    /// seed 1080361) out of the generated code: C# folds such conditions itself and then reports the arm never taken as
    /// unreachable (CS0162). Values are compared as doubles, exact for every float and for ints up to 2^53; NaN compares
    /// unequal as in C#.
    /// </summary>
    public static bool? Truth(Op op, Node[] args)
    {
        if (args.Length == 2 && args[0] == args[1] && op is Op.Lt or Op.Gt
            || args.Length == 2 && args[0] == args[1] && args[0].Type is ScalarKind.Int or ScalarKind.Bool && op is Op.Le or Op.Ge or Op.Eq or Op.Ne)
        {
            // A value compared with itself: x < x is false even for NaN; on ints every comparison is decided.
            return op is Op.Le or Op.Ge or Op.Eq;
        }

        return ConstantValues(args) is { } values && Ops.Of(op).Fold is { } fold ? fold(values) != 0 : null;
    }

    /// <summary>
    /// The value of a constant, or of constants combined by operators as the printer writes them (<c>-0.25</c>, a
    /// negation an unsimplified graph keeps): what C# takes as a constant expression. Null for anything else.
    /// </summary>
    private static double? ConstantValue(Node node)
    {
        if (node.Op == Op.Const)
        {
            return node.Value;
        }

        if (node.Op == Op.Convert && node.Type == ScalarKind.Double)
        {
            // (double)2 is a constant to C# too (fuzzer seed 1100513: 1.5 * (double)2 > 1.5 in an inlined callee).
            return ConstantValue(node.Args[0]);
        }

        // As C# folds it: 7 / 2 is 3 in int (a branch on 7 / 2 > 3, an inlined int local's value, is decided).
        return ConstantValues(node.Args) is { } values ? ConstantFold.Combine(node.Op, node.Type, values) : null;
    }

    /// <summary>
    /// The values of <paramref name="args"/> when every one is a constant expression (<see cref="ConstantValue"/>), or
    /// null, found at the first that is not: a graph shares its nodes, so looking into every argument of every operation
    /// would walk each path from the root (exponential: 24 statements <c>h = h * 0.995 + Math.Tanh(x * h + k) * 0.01</c>
    /// took minutes to generate).
    /// </summary>
    private static double[]? ConstantValues(Node[] args)
    {
        var values = new double[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            if (ConstantValue(args[i]) is not { } value)
            {
                return null;
            }

            values[i] = value;
        }

        return values;
    }

    public Node Sum(IEnumerable<Node> terms, ScalarKind type) => terms.Aggregate(Zero(type), Add);

    /// <summary>Any other operation (math functions, comparisons, calls), hash-consed but not simplified.</summary>
    public Node Make(Op op, ScalarKind type, params Node[] args) => Make(op, type, -1, 0, args);

    public Node Make(Op op, ScalarKind type, int call, double value, params Node[] args)
    {
        var key = NodeKey.Of(op, type, value, call, args);
        if (_interning.Find(key, Current) is { } existing)
        {
            return existing;
        }

        // Activity is structural, so nodes built by simplification (the x·y inside −(x·y)) carry it too.
        var node = new Node(_nextId++, op, type, args, value, Current)
        {
            Call = call,
            Active = type is ScalarKind.Double or ScalarKind.Float && !Ops.Of(op).PiecewiseConstant && op != Op.CallPartial && args.Any(a => a.Active),
        };
        _interning.Add(key, node);
        Current.Items.Add(new NodeItem(node));
        return node;
    }

    private Node Leaf(Op op, ScalarKind type, double value)
    {
        var key = NodeKey.Of(op, type, value, -1, Array.Empty<Node>());
        if (!_leaves.TryGetValue(key, out var node))
        {
            node = new Node(_nextId++, op, type, Array.Empty<Node>(), value, Root);
            _leaves[key] = node;
        }

        return node;
    }
}
