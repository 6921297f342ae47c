namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>
/// Which grammar features the random-program generator may use. A feature whose programs still fail because of an open
/// generator bug is switched off in <see cref="Ci"/> with the bug named next to it, so the CI test stays meaningful
/// (every other feature is still checked) and turning a fixed family back on is a one-line change.
/// </summary>
internal sealed record FuzzProfile
{
    /// <summary><c>float</c> programs (checked against a <c>double</c> twin of the primal).</summary>
    public bool Floats { get; init; } = true;

    /// <summary><c>if</c>/<c>else</c>, <c>?:</c> and early returns on differentiable values.</summary>
    public bool Branches { get; init; } = true;

    /// <summary>Calls to other generated <c>[Differentiable]</c> methods.</summary>
    public bool Calls { get; init; } = true;

    /// <summary>Calls inside an <c>if</c> branch or a <c>?:</c> arm.</summary>
    public bool CallsInBranches { get; init; } = true;

    /// <summary><c>[DerivativeOf]</c> custom derivatives (pullback and pushforward shapes) and calls to their targets.</summary>
    public bool CustomDerivatives { get; init; } = true;

    /// <summary>Span/array methods with loops.</summary>
    public bool Loops { get; init; } = true;

    /// <summary><c>double[]</c> parameters (as well as <c>ReadOnlySpan</c> and read-only <c>Span</c>).</summary>
    public bool ArrayParameters { get; init; } = true;

    /// <summary>Local buffers (<c>stackalloc</c> / <c>new T[n]</c>) written in one loop and read in a later one.</summary>
    public bool LocalBuffers { get; init; } = true;

    /// <summary><c>while</c>, <c>do</c> and <c>foreach</c> loops (besides <c>for</c>).</summary>
    public bool OtherLoops { get; init; } = true;

    /// <summary><c>break</c>/<c>continue</c> inside loops.</summary>
    public bool BreakContinue { get; init; } = true;

    /// <summary><c>return</c> from inside a loop.</summary>
    public bool ReturnInLoop { get; init; } = true;

    /// <summary><c>[Checkpoint]</c> on loop methods.</summary>
    public bool Checkpoint { get; init; } = true;

    /// <summary><c>return</c> inside a loop of a <c>[Checkpoint]</c> method.</summary>
    public bool CheckpointEarlyReturn { get; init; } = true;

    /// <summary><c>void</c> vector functions writing a <c>Span</c> output (Jacobian, pullback, pushforward).</summary>
    public bool VectorFunctions { get; init; } = true;

    /// <summary>
    /// Methods that return a real and write a <c>Span</c> output beside it (<see cref="MethodKind.Mixed"/>): a loop
    /// writing every element, and a method over fixed elements (one island).
    /// </summary>
    public bool MixedFunctions { get; init; } = true;

    /// <summary>
    /// <c>[Differentiable(PushforwardN = true)]</c> on scalar and loop methods (vector functions have it anyway); the
    /// driver checks five directions (a full sweep of four and one more) against finite differences.
    /// </summary>
    public bool VectorForward { get; init; } = true;

    /// <summary><c>[Differentiable(Hessian = true)]</c> on scalar and loop methods that call only methods that ask too; H·t checked in double programs.</summary>
    public bool Hessians { get; init; } = true;

    /// <summary>Self-updates such as <c>y *= y</c> and <c>Floor</c>/<c>Sign</c>, whose unused derivatives can be 0·∞.</summary>
    public bool ZeroDerivativeFunctions { get; init; } = true;

    /// <summary>Updates that add or multiply a constant (<c>acc += Math.Atan(3)</c>).</summary>
    public bool ConstantUpdates { get; init; } = true;

    /// <summary>
    /// A local given a constant again (<c>t = 1.5</c>) after it held a differentiable value: the variable stays active,
    /// while what later statements and calls read of it is constant (activity at a call is flow-sensitive).
    /// </summary>
    public bool ConstantResets { get; init; } = true;

    /// <summary><c>Max</c>/<c>Min</c> of two equal arguments (<c>Math.Min(t, t)</c>).</summary>
    public bool MinMaxOfEqualArguments { get; init; } = true;

    /// <summary><c>Span&lt;T&gt;</c> parameters the method only reads (inputs, like <c>ReadOnlySpan&lt;T&gt;</c>).</summary>
    public bool ReadOnlySpanTypedParameters { get; init; } = true;

    /// <summary>Assignments and <c>++</c>/<c>--</c> inside expressions (<c>t = x * (t = e)</c>, <c>t += t++ * e</c>).</summary>
    public bool EmbeddedAssignments { get; init; } = true;

    /// <summary>
    /// Loop conditions that choose with <c>?:</c> or a switch expression, made again before every test: a bound chosen
    /// by the counter (<c>i &lt; (i &lt; 2 ? n : n - 1)</c>) and a guard on the running value's magnitude.
    /// </summary>
    public bool LoopConditionChoices { get; init; } = true;

    /// <summary>
    /// A local given its value once in each arm of an <c>if</c> before the loops (assigned once per run, so nothing is
    /// taped for it), sometimes updated again after the <c>if</c> (assigned twice: saved), then read by the loops.
    /// </summary>
    public bool ArmAssignedLocals { get; init; } = true;

    /// <summary><c>switch</c> statements (on ints and on reals with relational patterns) and switch expressions.</summary>
    public bool Switches { get; init; } = true;

    /// <summary>Local buffers made from their elements (<c>ℝ[] k = { a, b }</c>, <c>Span&lt;ℝ&gt; k = [a, b]</c>).</summary>
    public bool BufferInitializers { get; init; } = true;

    /// <summary>A <c>static readonly</c> table and scalar of the method's type read as constant data (element reads, <c>foreach</c>, <c>.Length</c>).</summary>
    public bool StaticData { get; init; } = true;

    /// <summary>Scratch buffers declared inside loops (fresh every iteration).</summary>
    public bool BuffersInLoops { get; init; } = true;

    /// <summary>
    /// A buffer written whole in each iteration by a loop over its length, then read into the accumulator: GMM's per-point
    /// shape, whose loop the reverse sweep may reduce iteration by iteration when the accumulator is only added to.
    /// </summary>
    public bool BuffersWrittenWhole { get; init; } = true;

    /// <summary>[Broadcast] scalars: one value for every element of the batched kernels, their adjoint summed over the elements.</summary>
    public bool BroadcastParameters { get; init; } = true;

    /// <summary>Two-dimensional array parameters (<c>ℝ[,]</c>), differentiated or not: <c>m[i, j]</c>, bounds, <c>foreach</c>.</summary>
    public bool Matrices { get; init; } = true;

    /// <summary>Views: indices from the end (<c>x[^1]</c>) and a slice or range of a span parameter.</summary>
    public bool Views { get; init; } = true;

    /// <summary>Deconstruction of tuple literals (<c>(a, b) = (e, e')</c>).</summary>
    public bool Tuples { get; init; } = true;

    /// <summary>Static local functions (inlined at their calls).</summary>
    public bool LocalFunctions { get; init; } = true;

    /// <summary>Helpers inlined at their calls: methods and local functions with <c>ref</c> parameters, methods writing a span.</summary>
    public bool Helpers { get; init; } = true;

    /// <summary>Mutants: half-typed code (a deleted token, a truncated file).</summary>
    public bool MutateTokens { get; init; } = true;

    /// <summary>Mutants: a member declared twice (copy-paste, CS0111 in the user's code).</summary>
    public bool MutateDuplicateMembers { get; init; } = true;

    /// <summary>Mutants: odd names (keywords with <c>@</c>, <c>dX</c>, <c>q</c>/<c>Q</c>, <c>tape</c>, the method's own name).</summary>
    public bool MutateOddNames { get; init; } = true;

    /// <summary>Mutants: a user member with a generated member's exact signature.</summary>
    public bool MutateGeneratedSignatures { get; init; } = true;

    /// <summary>Mutants: overloads whose generated members may collide.</summary>
    public bool MutateOverloads { get; init; } = true;

    /// <summary>Mutants: <c>[Obsolete]</c> (including <c>error: true</c>) on a differentiable method.</summary>
    public bool MutateObsolete { get; init; } = true;

    /// <summary>Mutants: nested, generic, file-local containing types and namespaces.</summary>
    public bool MutateContainingTypes { get; init; } = true;

    /// <summary>
    /// Arguments that depend on differentiable inputs passed to a callee's <c>[NoDerivative]</c> parameter. Their
    /// derivative stops there by definition (the callee has no adjoint for them), and SymDiff says so with warning
    /// SD0025, so finite differences of such programs disagree on purpose: off in <see cref="Full"/> too.
    /// </summary>
    /// <summary>
    /// A method over scalars may have a differentiable parameter of the other precision (<c>float x</c> in a <c>double</c>
    /// program, <c>double x</c> in a <c>float</c> one), which its callers pass converted; such programs are checked at
    /// float's tolerances.
    /// </summary>
    public bool MixedPrecision { get; init; } = true;

    public bool ActiveArgumentsToNoDerivative { get; init; }

    /// <summary>Everything the README supports.</summary>
    public static FuzzProfile Full { get; } = new();

    /// <summary>
    /// The CI profile: <see cref="Full"/>. Every family the fuzzer found is fixed; a feature whose programs fail because
    /// of a newly found bug may be switched off here with the bug named next to it, until it is fixed.
    /// </summary>
    public static FuzzProfile Ci { get; } = Full;
}
