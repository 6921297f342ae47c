namespace SymDiff.AdBench.Ba;

/// <summary>
/// Computes the dense 2×15 Jacobian of one observation's two reprojection residuals, row-major: columns 0-10
/// are the camera's 11 values, 11-13 the point's 3, 14 the weight.
/// </summary>
/// <param name="camera">The observation's camera (11 values).</param>
/// <param name="point">The observation's point (3 values).</param>
/// <param name="weight">The observation's weight.</param>
/// <param name="feature">The observation's feature (2 values).</param>
/// <param name="block">Receives the 30 entries, row-major.</param>
public delegate void BaBlockJacobian(ReadOnlySpan<double> camera, ReadOnlySpan<double> point, double weight, ReadOnlySpan<double> feature, Span<double> block);

/// <summary>
/// The bundle-adjustment Jacobian in compressed sparse row form, laid out as ADBench lays it out: rows 2i and
/// 2i+1 are observation i's reprojection residuals (15 nonzeros each: the camera's 11 columns, the point's 3, the
/// weight's column <c>11n + 3m + i</c>), then row <c>2p + i</c> is weight i's residual (one nonzero, in column
/// <c>11n + 3m + i</c>). Columns are <c>[cameras (11n), points (3m), weights (p)]</c>.
/// </summary>
public sealed class BaSparseJacobian
{
    /// <summary>Nonzeros of one reprojection row: 11 camera, 3 point, 1 weight.</summary>
    public const int BlockColumns = BaInput.CameraSize + BaInput.PointSize + 1;

    private BaSparseJacobian(int rowCount, int columnCount, int[] rowPtr, int[] colIdx, double[] values)
    {
        RowCount = rowCount;
        ColumnCount = columnCount;
        RowPtr = rowPtr;
        ColIdx = colIdx;
        Values = values;
    }

    /// <summary>The number of rows, 3p.</summary>
    public int RowCount { get; }

    /// <summary>The number of columns, 11n + 3m + p.</summary>
    public int ColumnCount { get; }

    /// <summary>Row r's entries are at <c>[RowPtr[r], RowPtr[r + 1])</c>; length <see cref="RowCount"/> + 1.</summary>
    public int[] RowPtr { get; }

    /// <summary>The column of every stored entry.</summary>
    public int[] ColIdx { get; }

    /// <summary>The value of every stored entry.</summary>
    public double[] Values { get; }

    /// <summary>The number of stored entries, 30p + p.</summary>
    public int NonZeroCount => Values.Length;

    /// <summary>The entry at (<paramref name="row"/>, <paramref name="column"/>), zero when it is not stored.</summary>
    public double this[int row, int column]
    {
        get
        {
            for (int e = RowPtr[row]; e < RowPtr[row + 1]; e++)
            {
                if (ColIdx[e] == column)
                {
                    return Values[e];
                }
            }

            return 0.0;
        }
    }

    /// <summary>Assembles the Jacobian from per-observation blocks and per-weight derivatives into new storage.</summary>
    /// <param name="input">The problem.</param>
    /// <param name="block">Computes observation i's dense 2×15 block.</param>
    /// <param name="weightErrorDerivative">Computes <c>d(1 - w^2)/dw</c> at a weight (exactly <c>-2w</c>).</param>
    public static BaSparseJacobian Build(BaInput input, BaBlockJacobian block, Func<double, double> weightErrorDerivative)
    {
        var jacobian = For(input);
        jacobian.Evaluate(input, block, weightErrorDerivative);
        return jacobian;
    }

    /// <summary>
    /// Storage for the Jacobian of <paramref name="input"/> (every entry zero), to be filled by
    /// <see cref="Evaluate"/> as many times as needed. ADBench's own modules keep their output matrix between runs
    /// the same way (its capacity survives <c>clear()</c>), so a benchmark that reuses this one allocates nothing
    /// per evaluation either.
    /// </summary>
    /// <param name="input">The problem whose Jacobian this will hold.</param>
    public static BaSparseJacobian For(BaInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int p = input.P;
        int rows = 3 * p;
        int nonZeros = (2 * BlockColumns * p) + p;
        int weightBase = (BaInput.CameraSize * input.N) + (BaInput.PointSize * input.M);
        return new BaSparseJacobian(rows, weightBase + p, new int[rows + 1], new int[nonZeros], new double[nonZeros]);
    }

    /// <summary>
    /// Assembles the Jacobian from per-observation blocks and per-weight derivatives, overwriting this storage: the
    /// row pointers, columns and values are all written again, as ADBench's modules rebuild theirs.
    /// </summary>
    /// <param name="input">The problem; it must have the shape this storage was made for (<see cref="For"/>).</param>
    /// <param name="block">Computes observation i's dense 2×15 block.</param>
    /// <param name="weightErrorDerivative">Computes <c>d(1 - w^2)/dw</c> at a weight (exactly <c>-2w</c>).</param>
    /// <exception cref="ArgumentException">The input's shape differs from the one this storage was made for.</exception>
    public void Evaluate(BaInput input, BaBlockJacobian block, Func<double, double> weightErrorDerivative)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(weightErrorDerivative);

        int p = input.P;
        int pointBase = BaInput.CameraSize * input.N;
        int weightBase = pointBase + (BaInput.PointSize * input.M);
        if (RowCount != 3 * p || ColumnCount != weightBase + p)
        {
            throw new ArgumentException(
                $"this Jacobian holds {RowCount} rows and {ColumnCount} columns, but the problem (n = {input.N}, m = {input.M}, p = {p}) has {3 * p} rows and {weightBase + p} columns: make storage for it with BaSparseJacobian.For",
                nameof(input));
        }

        int[] rowPtr = RowPtr;
        int[] colIdx = ColIdx;
        double[] values = Values;
        Span<double> dense = stackalloc double[2 * BlockColumns];

        int e = 0;
        for (int i = 0; i < p; i++)
        {
            dense.Clear();
            block(input.CameraOf(i), input.PointOf(i), input.Weights[i], input.FeatureOf(i), dense);
            int cameraBase = BaInput.CameraSize * input.ObsCamera(i);
            int pointColumn = pointBase + (BaInput.PointSize * input.ObsPoint(i));
            for (int r = 0; r < 2; r++)
            {
                rowPtr[(2 * i) + r] = e;
                for (int c = 0; c < BaInput.CameraSize; c++)
                {
                    colIdx[e] = cameraBase + c;
                    values[e++] = dense[(r * BlockColumns) + c];
                }

                for (int c = 0; c < BaInput.PointSize; c++)
                {
                    colIdx[e] = pointColumn + c;
                    values[e++] = dense[(r * BlockColumns) + BaInput.CameraSize + c];
                }

                colIdx[e] = weightBase + i;
                values[e++] = dense[(r * BlockColumns) + BlockColumns - 1];
            }
        }

        for (int i = 0; i < p; i++)
        {
            rowPtr[(2 * p) + i] = e;
            colIdx[e] = weightBase + i;
            values[e++] = weightErrorDerivative(input.Weights[i]);
        }

        rowPtr[3 * p] = e;
    }
}
