using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Formulas;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// The documentation of the first-order members: their summaries, which say how the member computes (one fused sweep
/// with no tape, or a taped forward sweep and a reverse sweep), and for a body of scalars the derivative formulas
/// (remarks and <c>[DerivativeFormula]</c>), read off the island's graph (<see cref="FormulaSheet"/>).
/// </summary>
internal sealed partial class MemberEmitter
{
    /// <summary>The gradient's formulas, which the pullback shows too; empty until the gradient is printed, and without formulas.</summary>
    private List<string> _formulas = new();

    /// <summary>
    /// True when the members of a body of scalars carry their derivative formulas (<c>SymDiffDocFormulas</c>, on by
    /// default): a method with loops or arrays has none.
    /// </summary>
    private bool Formulas => _docFormulas && _m.Scalar is not null && _primal is null;

    /// <summary>
    /// The gradient's summary: one fused sweep when the body is one island (<paramref name="island"/>), else the taped sweeps.
    /// </summary>
    private void GradientSummary(bool island)
    {
        _w.Line("/// <summary>");
        if (island)
        {
            _w.Line($"/// Computes <see cref=\"{_m.PrimalCref}\"/> and its gradient{WithRespectTo()} in one fused forward and reverse sweep.");
            if (SpanAdjoints.Any())
            {
                _w.Line("/// Span adjoints are overwritten and must match their parameter's length.");
            }
        }
        else
        {
            _w.Line($"/// Computes <see cref=\"{_m.PrimalCref}\"/> and its gradient{WithRespectTo()} (one forward sweep that saves what the");
            _w.Line("/// reverse sweep needs, one reverse sweep). Span adjoints are overwritten and must match their parameter's length.");
        }

        _w.Line("/// </summary>");
        Remarks(_formulas);
    }

    /// <summary>The summary of a method's own pullback (not a tangent program's): one fused sweep for an island, else the taped sweeps.</summary>
    private void PullbackSummary(bool island)
    {
        _w.Line("/// <summary>");
        if (island && _scalarResult)
        {
            _w.Line($"/// Reverse mode (vector-Jacobian product) of <see cref=\"{_m.PrimalCref}\"/>: adds <paramref name=\"{_seed}\"/>·∂{_m.Name}/∂p");
            _w.Line("/// into the adjoint of each differentiable parameter p and returns the value. Calls between differentiable methods use this.");
        }
        else if (island)
        {
            _w.Line($"/// Reverse mode (vector-Jacobian product) of <see cref=\"{_m.PrimalCref}\"/>: adds the outputs' seeds times the derivative into");
            _w.Line("/// each differentiable parameter's adjoint, in one fused forward and reverse sweep with no tape.");
        }
        else
        {
            _w.Line($"/// Reverse mode (vector-Jacobian product) of <see cref=\"{_m.PrimalCref}\"/>: adds the seed times the derivative into");
            _w.Line("/// each differentiable parameter's adjoint. The forward sweep saves on the thread's tape only the values it overwrites that");
            _w.Line("/// the reverse sweep reads, plus loop trip counts and branch decisions; the tape is reused, so steady-state calls allocate nothing.");
        }

        _w.Line("/// </summary>");
        Remarks(_formulas);
    }

    /// <summary>
    /// The pushforward's summary: for a scalar function of scalars the directional derivative as a sum over the
    /// tangents, then the formulas of its tangent (<paramref name="formulas"/>).
    /// </summary>
    private void PushforwardSummary(List<string> formulas)
    {
        _w.Line("/// <summary>");
        if (_scalarResult && !Differentiable.Any(p => p.IsArray))
        {
            _w.Line($"/// Forward mode (Jacobian-vector product) of <see cref=\"{_m.PrimalCref}\"/>: returns the value and the directional derivative");
            var sum = string.Join(" + ", Differentiable.Select(p => $"∂{_m.Name}/∂{p.Name}·{p.Tangent}"));
            _w.Line($"/// {(sum.Length == 0 ? "0" : DocComments.Escape(sum))} along the tangents.");
        }
        else
        {
            _w.Line($"/// Forward mode (Jacobian-vector product) of <see cref=\"{_m.PrimalCref}\"/>: the value and its directional derivative along the");
            _w.Line("/// tangents (one per differentiable parameter; span tangents have their parameter's length).");
        }

        _w.Line("/// </summary>");
        Remarks(formulas);
    }

    /// <summary>The derivative formulas as remarks, one paragraph each, with a note when one is elided.</summary>
    private void Remarks(List<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        _w.Line("/// <remarks>");
        foreach (var line in lines)
        {
            _w.Line($"/// <para>{DocComments.Escape(line)}</para>");
        }

        if (lines.Any(line => line.Contains(FormulaText.Ellipsis)))
        {
            _w.Line($"/// <para>{FormulaText.Note}</para>");
        }

        _w.Line("/// </remarks>");
    }

    /// <summary>The gradient's formulas as an attribute, which tools read (<c>[DerivativeFormula]</c>).</summary>
    private void DerivativeFormulaAttribute()
    {
        if (Formulas)
        {
            _w.Line($"[global::SymDiff.DerivativeFormula({string.Join(", ", _formulas.Select(f => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(f, quote: true)))})]");
        }
    }

    /// <summary>
    /// The reverse chain of the gradient's island sweep (<see cref="FormulaSheet.Gradient"/>): the stores of its sweep
    /// are the differentiable parameters' adjoints, in order.
    /// </summary>
    private List<string> GradientFormulas(DerivativeProgram? program)
    {
        if (!Formulas || program?.Body.OfType<DSweep>().SingleOrDefault() is not { Regions.Count: 2 } sweep)
        {
            return new List<string>();
        }

        var adjoints = sweep.Stores.Select(s => (Parameter: ParameterOfStorage(program, s.Target, p => p.Adjoint), s.Value));
        return FormulaSheet.Gradient(sweep.Schedule, _m, sweep.Returned[0], sweep.Regions[0], sweep.Regions[1], adjoints);
    }

    /// <summary>The tangent chain of the pushforward's island sweep (<see cref="FormulaSheet.Pushforward"/>), its inputs' tangents named by their parameters.</summary>
    private List<string> PushforwardFormulas(DerivativeProgram? program)
    {
        if (!Formulas || program?.Body.OfType<DSweep>().SingleOrDefault() is not { Returned.Count: 2 } sweep)
        {
            return new List<string>();
        }

        var tangents = sweep.Inputs
            .Where(i => i.Value is LRead read && Differentiable.Any(p => p.Tangent == program.Vars[read.Var].Name))
            .ToDictionary(i => i.Node, i => ParameterOfStorage(program, i.Value, p => p.Tangent));
        return FormulaSheet.Pushforward(sweep.Schedule, _m, sweep.Returned[0], sweep.Regions[0], sweep.Returned[1], tangents);
    }

    /// <summary>The name of the differentiable parameter whose companion (<paramref name="companion"/>: its adjoint, its tangent) <paramref name="storage"/> is.</summary>
    private string ParameterOfStorage(DerivativeProgram program, LExpr storage, Func<ParamModel, string> companion)
    {
        var name = program.Vars[((LRead)storage).Var].Name;
        return Differentiable.First(p => companion(p) == name).Name;
    }
}
