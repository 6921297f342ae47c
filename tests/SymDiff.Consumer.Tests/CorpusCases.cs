using SymDiff.Consumer.Tests.Corpus;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// Every corpus function with the points it is checked at. A point lists all arguments (non-differentiable ones
/// included, ints and bools as numbers). Points stay away from kinks, where finite differences are meaningless;
/// <see cref="KinkConventionTests"/> checks the kinks exactly.
/// </summary>
public static class CorpusCases
{
    private static readonly DifferentiableFunction[] Functions =
    [
        // Activations.
        Of(typeof(Activations), nameof(Activations.Sigmoid), P(-2.3), P(-0.4), P(0.9), P(3.1)),
        Of(typeof(Activations), nameof(Activations.TanhMath), P(-1.7), P(0.3), P(1.2)),
        Of(typeof(Activations), nameof(Activations.TanhExp), P(-1.7), P(0.3), P(1.2)),
        Of(typeof(Activations), nameof(Activations.ReluMaxZeroFirst), P(-1.5), P(0.7), P(2.2)),
        Of(typeof(Activations), nameof(Activations.ReluMaxZeroSecond), P(-1.5), P(0.7), P(2.2)),
        Of(typeof(Activations), nameof(Activations.ReluTernary), P(-1.5), P(0.7), P(2.2)),
        Of(typeof(Activations), nameof(Activations.LeakyRelu), P(-1.3, 0.1), P(0.8, 0.1), P(2.0, 0.01)),
        Of(typeof(Activations), nameof(Activations.HardTanh), P(-2.5), P(-0.4), P(0.6), P(1.8)),
        Of(typeof(Activations), nameof(Activations.HardTanhClamp), P(-2.5), P(-0.4), P(0.6), P(1.8)),
        Of(typeof(Activations), nameof(Activations.AbsoluteValue), P(-1.2), P(0.5)),
        Of(typeof(Activations), nameof(Activations.SoftplusUnit), P(0.3, -0.2, 1.5), P(-1.1, 0.4, 2.0)),
        Of(typeof(Activations), nameof(Activations.LogCoshLoss), P(0.7, 0.2), P(-1.5, 1.0)),

        // LossCorpus and networks, calling Activations across files.
        Of(typeof(LossCorpus), nameof(LossCorpus.CrossEntropyGrouped), P(0.3, 1), P(0.8, 0), P(0.55, 0.3)),
        Of(typeof(LossCorpus), nameof(LossCorpus.LogisticLoss), P(0.5, 0.1, 2.0, 1.0), P(-0.7, 0.3, 1.5, 0.0)),
        Of(typeof(LossCorpus), nameof(LossCorpus.SquaredLoss), P(0.3, 1), P(2.0, -0.5)),
        Of(typeof(LossCorpus), nameof(LossCorpus.NeuronCost), P(0.8, -0.1, 0.48, 1.0), P(-0.4, 0.2, 0.66, 0.0)),
        Of(typeof(LossCorpus), nameof(LossCorpus.ComputationGraph), P(3, 1, -2), P(0.5, -1.5, 2.5)),
        Of(typeof(LossCorpus), nameof(LossCorpus.Network221Grouped),
            P(0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0.05, -0.05, 0.1, 1.0, 2.0, 1.0),
            P(-0.7, 0.2, 0.9, -0.3, 1.2, 0.8, -0.1, 0.3, -0.4, 0.5, -1.5, 0.0)),
        Of(typeof(LossCorpus), nameof(LossCorpus.ReluNetwork),
            P(0.5, 0.2, -0.3, -0.4, 0.7, -0.9, 0.1, 1.0, 2.0, 1.0),
            P(-0.2, 0.6, 0.7, 0.1, -0.5, 1.1, -0.2, 1.0, 2.0, 0.0)),
        Of(typeof(LossCorpus), nameof(LossCorpus.LogisticPreactivation), P(0.2, 0.3, 0.9, 0.5, 0.5, 0.6, 0.1), P(-0.4, 1.1, 0.3, -0.2, 1.0, -2.0, 0.5)),
        Of(typeof(LossCorpus), nameof(LossCorpus.LogisticUnit), P(0.2, 0.3, 0.9, 0.5, 0.5, 0.6, 0.1), P(-0.4, 1.1, 0.3, -0.2, 1.0, -2.0, 0.5)),

        // Seed worked examples.
        Of(typeof(SeedExamples), nameof(SeedExamples.CubePow), P(-1.3), P(0.4), P(2.0)),
        Of(typeof(SeedExamples), nameof(SeedExamples.CubeProduct), P(-1.3), P(0.4), P(2.0)),
        Of(typeof(SeedExamples), nameof(SeedExamples.LogOfScaled), P(0.5, 2), P(3.0, 0.7)),
        Of(typeof(SeedExamples), nameof(SeedExamples.Graph), P(1, 2, 0), P(1, -1, 3), P(-0.5, 0.3, 0.2)),
        Of(typeof(SeedExamples), nameof(SeedExamples.NameClash), P(0.4, 1.3), P(-2, 0.5)),

        // Odd names: colliding adjoints, keywords, a parameter named like its method.
        Of(typeof(OddNames), nameof(OddNames.CaseClash), P(0.4, 1.3), P(-2, 0.5)),
        Of(typeof(OddNames), nameof(OddNames.AdjointNamed), P(0.7, -1.1), P(-1.5, 0.3)),
        Of(typeof(OddNames), nameof(OddNames.Keywords), P(0.7, -0.4, 2), P(-1.5, 0.3, -1)),
        Of(typeof(OddNames), nameof(OddNames.Shadow), P(0.7), P(-1.3)),

        // Every supported math function.
        Of(typeof(MathFunctions), nameof(MathFunctions.Exp), P(-1), P(0.5), P(2)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Log), P(-1.3), P(0.2), P(2)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Log10), P(0.3), P(2.5)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Log2), P(0.4), P(5)),
        Of(typeof(MathFunctions), nameof(MathFunctions.LogWithBase), P(2.5, 3), P(0.7, 10), P(5, 0.5)),
        Of(typeof(MathFunctions), nameof(MathFunctions.LogWithConstantBase), P(0.8), P(4)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Sqrt), P(0.3), P(4)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Cbrt), P(-2), P(0.5), P(8)),
        Of(typeof(MathFunctions), nameof(MathFunctions.PowConstantExponent), P(0.5), P(2.2)),
        Of(typeof(MathFunctions), nameof(MathFunctions.PowVariableExponent), P(1.5, 2.3), P(0.4, -1.2), P(2, 0.5)),
        Of(typeof(MathFunctions), nameof(MathFunctions.PowConstantBase), P(-1), P(0.5), P(3)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Sin), P(-1.1), P(0.4), P(1.3)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Cos), P(-1.1), P(0.4), P(1.3)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Tan), P(-1.1), P(0.4), P(1.3)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Asin), P(-0.7), P(0.2), P(0.6)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Acos), P(-0.7), P(0.2), P(0.6)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Atan), P(-3), P(0.5)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Atan2), P(1, 2), P(-0.5, -1.5), P(2, -0.3)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Sinh), P(-1.2), P(0.3), P(2)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Cosh), P(-1.2), P(0.3), P(2)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Tanh), P(-1.2), P(0.3), P(2)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Asinh), P(-1.2), P(0.3), P(2)),
        Of(typeof(MathFunctions), nameof(MathFunctions.ExpM1), P(-1.2), P(1e-3), P(2)),
        Of(typeof(MathFunctions), nameof(MathFunctions.LogP1), P(-0.6), P(1e-4), P(1.7)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Exp2), P(-1.2), P(0.3), P(3.5)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Hypot), P(0.6, -0.4), P(-2, 1.5), P(3, 0.01)),
        Of(typeof(MathFunctions), nameof(MathFunctions.IeeeRemainder), P(1.3, 0.7), P(-2.1, 1.1), P(2.9, -0.8)),
        Of(typeof(MathFunctions), nameof(MathFunctions.SingleNumberTypeFunctions), P(0.6, -0.4), P(-1.1, 0.9)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Acosh), P(1.3), P(2.5), P(4)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Atanh), P(-0.7), P(0.2), P(0.6)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Abs), P(-1.5), P(-0.5), P(0.5), P(1.5)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Max), P(2, 3), P(0.5, 0.5), P(-1, 2)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Min), P(2, 3), P(0.5, 0.5), P(-1, 2)),
        Of(typeof(MathFunctions), nameof(MathFunctions.Clamp), P(0.3, -1, 1), P(-2, -1, 1), P(3, -1, 2)),
        Of(typeof(MathFunctions), nameof(MathFunctions.ClampFixedBounds), P(0.5, 0.1, 2), P(2, 0.1, 2), P(0.2, 0.1, 2)),
        Of(typeof(MathFunctions), nameof(MathFunctions.PiecewiseConstant), P(-1.3), P(0.4), P(2.7)),
        Of(typeof(MathFunctions), nameof(MathFunctions.FusedMultiplyAdd), P(1.5, -2, 0.3), P(-0.7, 0.4, 2)),
        Of(typeof(MathFunctions), nameof(MathFunctions.NaNGuard), P(-1.2), P(0.7)),

        // Control flow, locals and non-differentiable parameters.
        Of(typeof(ControlFlow), nameof(ControlFlow.CompoundAssignment), P(0.7, 1.3), P(-1.2, 0.4)),
        Of(typeof(ControlFlow), nameof(ControlFlow.Reassignment), P(-0.8), P(0.5), P(1.4)),
        Of(typeof(ControlFlow), nameof(ControlFlow.LocalsInBranches), P(2, 1), P(0.5, 1.5), P(-1, -2)),
        Of(typeof(ControlFlow), nameof(ControlFlow.OneSidedBranch), P(0.5), P(2)),
        Of(typeof(ControlFlow), nameof(ControlFlow.NestedConditional), P(1, 2), P(1, -2), P(-1, 2), P(-1, -2)),
        Of(typeof(ControlFlow), nameof(ControlFlow.LogicalOperators), P(1, 2), P(-1, -2), P(-2, 1)),
        Of(typeof(ControlFlow), nameof(ControlFlow.IntAndBoolInControl), P(1.3, 3, 0), P(1.3, 1, 1), P(1.3, 2, 0), P(-0.7, 4, 1)),
        Of(typeof(ControlFlow), nameof(ControlFlow.PowIntExponent), P(1.3, 3), P(0.8, -2), P(-1.5, 4)),
        Of(typeof(ControlFlow), nameof(ControlFlow.CastsAndConstants), P(-1.3), P(0.4), P(2.6)),
        Of(typeof(ControlFlow), nameof(ControlFlow.MultipleReturnsGrouped), P(-1, 2), P(1, -2), P(1, 2)),
        Of(typeof(ControlFlow), nameof(ControlFlow.Mix20), P(0.7, -0.4), P(1.5, 1.2), P(-0.8, 0.3)),
        Of(typeof(ControlFlow.Nested), nameof(ControlFlow.Nested.Rosenbrock), P(1.2, 0.8), P(-0.5, 0.3)),
        Of(typeof(ControlFlow.Nested), nameof(ControlFlow.Nested.CallsOtherTypes), P(0.7, 1.3), P(-0.5, 0.4)),

        // Working neighbours of the generator bug reproductions.
        Of(typeof(GeneratorBugRepros), nameof(GeneratorBugRepros.NegationOfProduct), P(0.7, -1.3), P(2, 0.5)),
        Of(typeof(GeneratorBugRepros), nameof(GeneratorBugRepros.Twice), P(0.7), P(-2)),
        Of(typeof(GeneratorBugRepros), nameof(GeneratorBugRepros.Square), P(0.7), P(-2)),
        Of(typeof(GeneratorBugRepros), nameof(GeneratorBugRepros.PassThrough), P(0.7, 1.3), P(-0.4, 0.2)),
        Of(typeof(GeneratorBugRepros), nameof(GeneratorBugRepros.IncrementThenCall), P(0.3, 0.2), P(1.2, -0.3)),
        Of(typeof(GeneratorBugRepros), nameof(GeneratorBugRepros.IncrementThenCallNoHelper), P(0.3, 0.2), P(1.2, -0.3)),
        Of(typeof(GeneratorBugRepros), nameof(GeneratorBugRepros.IncrementThenReturn), P(0.3, 0.2), P(1.2, -0.3)),

        // Bodies whose generated code once did not compile.
        Of(typeof(EmittedBodies), nameof(EmittedBodies.CallInIfBranch), P(1.5, 0.5), P(-0.5, 0.7)),
        Of(typeof(EmittedBodies), nameof(EmittedBodies.CallInConditional), P(1.5, 0.5), P(-0.5, 0.7)),
        Of(typeof(EmittedBodies), nameof(EmittedBodies.CallInNestedBranches), P(1.5, 0.5), P(0.7, 0.2), P(-0.5, 0.7)),
        Of(typeof(EmittedBodies), nameof(EmittedBodies.CustomCallInBranch), P(1.5, 0.5), P(-0.5, 0.7)),
        Of(typeof(EmittedBodies), nameof(EmittedBodies.ConditionalReadsLocalOverwrittenLater), P(1.5, 0.5), P(-0.5, 0.7)),
        Of(typeof(EmittedBodies), nameof(EmittedBodies.MaxAndMinOfTheSameValue), P(1.5, 0.5), P(-0.5, 0.7)),

        // Assignments and ++/-- inside expressions and conditions, in evaluation order.
        Of(typeof(EmbeddedAssignments), nameof(EmbeddedAssignments.AssignInCondition), P(1.2, 0.7), P(-0.8, 0.9)),
        Of(typeof(EmbeddedAssignments), nameof(EmbeddedAssignments.ReturnCompound), P(0.7), P(-1.3)),
        Of(typeof(EmbeddedAssignments), nameof(EmbeddedAssignments.ChainedAssignment), P(0.6, -1.1), P(1.5, 0.4)),
        Of(typeof(EmbeddedAssignments), nameof(EmbeddedAssignments.IncrementsInExpressions), P(0.4), P(-1.2)),
        Of(typeof(EmbeddedAssignments), nameof(EmbeddedAssignments.ReadBeforeAssignment), P(0.3, 1.4), P(-0.9, 0.6)),
        Of(typeof(EmbeddedAssignments), nameof(EmbeddedAssignments.CompoundWithAssigningRight), P(0.5, -0.8), P(1.1, 0.7)),
        Of(typeof(EmbeddedAssignments), nameof(EmbeddedAssignments.AssignAfterAnd), P(2, 1), P(0.5, 1), P(-1, 2)),
        Of(typeof(EmbeddedAssignments), nameof(EmbeddedAssignments.AssignAfterOr), P(-1, 0.5), P(1, 0.5), P(3, 0.5)),
        Of(typeof(EmbeddedAssignments), nameof(EmbeddedAssignments.AssignInArguments), P(0.8, 0.3), P(-0.6, 1.2)),

        // switch statements and expressions.
        Of(typeof(Switches), nameof(Switches.Piecewise), P(0.7, 0), P(0.7, 1), P(-1.2, 2), P(0.3, 5)),
        Of(typeof(Switches), nameof(Switches.RelationalSwitchExpression), P(-2), P(0.5), P(2), P(4)),
        Of(typeof(Switches), nameof(Switches.BreakAndFallOut), P(0.7, 0), P(0.7, 1), P(-0.6, 1), P(1.3, 5)),
        Of(typeof(Switches), nameof(Switches.GuardsAndNot), P(0.7, 0.4), P(-0.6, 1.1), P(0.9, -0.8)),

        // Deconstruction of tuple literals.
        Of(typeof(Tuples), nameof(Tuples.Rotation), P(0.4, 1.5, -0.7), P(-2.1, 0.3, 0.9)),
        Of(typeof(Tuples), nameof(Tuples.Swap), P(0.4, 1.5), P(-2.1, 0.3)),

        // Static local functions, inlined.
        Of(typeof(LocalFunctions), nameof(LocalFunctions.Softplus), P(0.4, 1.5), P(-2.1, 0.3), P(5, -1)),

        // Bodies whose generated code once compiled only with warnings (constant conditions, unused locals).
        Of(typeof(WarningFree), nameof(WarningFree.ConstantFalseCondition), P(1.5), P(-0.7)),
        Of(typeof(WarningFree), nameof(WarningFree.ConstantTrueConditional), P(1.5, 0.5), P(-0.5, 0.7)),
        Of(typeof(WarningFree), nameof(WarningFree.ConstantFoldedComparison), P(1.5, 0.5), P(-0.5, 0.7)),
        Of(typeof(WarningFree), nameof(WarningFree.UnusedScalarLocals), P(1.5), P(-0.7)),

        // Parameters named _, nameof and like the generated code's own names.
        Of(typeof(ReservedParameterNames), nameof(ReservedParameterNames.DiscardIntoUnderscore), P(1.5, 0.5), P(-0.5, 3)),
        Of(typeof(ReservedParameterNames), nameof(ReservedParameterNames.PushforwardsIntoUnderscore), P(1.5, 0.5, 2), P(-0.5, 0.7, 3)),
        Of(typeof(ReservedParameterNames), nameof(ReservedParameterNames.Underscore), P(1.5, 0.5), P(-0.5, 0.7)),
        Of(typeof(ReservedParameterNames), nameof(ReservedParameterNames.NameOf), P(1.5, 0.5, 2), P(-0.5, 0.7, -1)),
        Of(typeof(ReservedParameterNames), nameof(ReservedParameterNames.GeneratedNames), P(1.5, 0.5, 2, -1, 0.3), P(-0.5, 0.7, 3, 0.2, 1.1)),

        // Data per element in the batched kernels.
        Of(typeof(BatchCorpus), nameof(BatchCorpus.SquaredError), P(0.3, 1), P(2, -0.5)),
        Of(typeof(BatchCorpus), nameof(BatchCorpus.BinaryCrossEntropyWithLogits), P(-2.5, 1), P(0.4, 0), P(3.0, 0.3)),
        Of(typeof(BatchCorpus), nameof(BatchCorpus.Huber), P(0.3, 0.1, 1), P(2.5, -0.5, 1), P(-1.5, 0.4, 1)),
        Of(typeof(BatchCorpus), nameof(BatchCorpus.MaskedSquare), P(0.7, 1, 1.5), P(-1.2, 0, 1.5), P(2, 1, 1.5)),

        // Single precision.
        Of(typeof(FloatCorpus), nameof(FloatCorpus.Sigmoid), P(-1.5), P(0.5), P(2)),
        Of(typeof(FloatCorpus), nameof(FloatCorpus.TanhMath), P(-0.7), P(1.1)),
        Of(typeof(FloatCorpus), nameof(FloatCorpus.Relu), P(-1), P(0.8)),
        Of(typeof(FloatCorpus), nameof(FloatCorpus.HardTanh), P(-2), P(0.3), P(1.5)),
        Of(typeof(FloatCorpus), nameof(FloatCorpus.LogisticLoss), P(0.5, 0.1, 2, 1), P(-0.7, 0.3, 1.5, 0)),
        Of(typeof(FloatCorpus), nameof(FloatCorpus.CubePow), P(-0.8), P(0.6)),
        Of(typeof(FloatCorpus), nameof(FloatCorpus.Graph), P(1, 2, 0), P(1, -1, 3)),
        Of(typeof(FloatCorpus), nameof(FloatCorpus.SquaredLoss), P(0.3, 1), P(2, -0.5)),
        Of(typeof(FloatCorpus), nameof(FloatCorpus.MixedPrecision), P(0.5, 1.5), P(-0.3, 2)),
        Of(typeof(FloatCorpus), nameof(FloatCorpus.SoftplusUnit), P(0.3, 1.5), P(-0.8, 2)),
    ];

    private static readonly Dictionary<string, DifferentiableFunction> ByName = Functions.ToDictionary(f => f.Name);

    /// <summary>One row per function and point: the function's name and the point's index.</summary>
    public static TheoryData<string, int> Points
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var function in Functions)
            {
                for (var i = 0; i < function.Points.Length; i++)
                {
                    data.Add(function.Name, i);
                }
            }

            return data;
        }
    }

    /// <summary>One row per function.</summary>
    public static TheoryData<string> Names => new(Functions.Select(f => f.Name));

    public static DifferentiableFunction Get(string name) => ByName[name];

    private static DifferentiableFunction Of(Type type, string name, params double[][] points) => DifferentiableFunction.Of(type, name, points);

    private static double[] P(params double[] arguments) => arguments;
}
