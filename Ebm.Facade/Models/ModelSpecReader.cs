using System.Text.Json;
using Ebm.Facade.IO;

namespace Ebm.Facade.Models;

/// <summary>Reads JSON model specs into <see cref="EnergySpec"/>s (continuous) and <see cref="DiscreteSpec"/>s (Ising, RBM).</summary>
/// <remarks>
/// <para>One JSON object per spec; the field <c>energy</c> names the kind, and every kind accepts an optional
/// <c>temperature</c> (default 1):</para>
/// <code>
/// {"energy": "gaussian", "mean": [..], "covariance": [[..]]}      (or "precision": [[..]], exactly one of the two)
/// {"energy": "diagonal_gaussian", "mean": [..], "scales": [..]}
/// {"energy": "mixture", "weights": [..], "means": [[..]], "scales": [[..]]}
/// {"energy": "banana", "dim": 2, "a": 1, "b": 100}
/// {"energy": "funnel", "dim": 10, "sigma": 3}
/// {"energy": "mlp", "layers": [2, 128, 128, 1], "activation": "silu", "parameters": "w.safetensors", "output_scale": 1,
///  "base_scale": 4, "base_mean": [0, 0]}
/// {"energy": "conv", "input": [1, 28, 28], "channels": [16, 32], "kernels": [3, 3], "strides": [2, 2], "paddings": [1, 1],
///  "activation": "silu", "pooling": "avg", "parameters": "conv.safetensors"}
/// {"energy": "ising", "rows": 16, "cols": 16, "coupling": 0.44, "field": 0}   (discrete; "field" defaults to 0)
/// {"energy": "rbm", "visible": 16, "hidden": 8, "parameters": "rbm.safetensors"}   (discrete)
/// </code>
/// <para><see cref="Read"/> and <see cref="Parse(string, string)"/> return continuous energies and reject the discrete
/// kinds with a message that says so; <see cref="ReadAny"/> and <see cref="ParseAny"/> return either, as a
/// <see cref="ModelDefinition"/>. An RBM's <c>parameters</c> file holds <c>weight</c> [hidden, visible],
/// <c>visible_bias</c> and <c>hidden_bias</c> (see <see cref="RbmSpec.FromSafeTensors"/>), and must match the spec's
/// <c>visible</c> and <c>hidden</c>.</para>
/// <para>For <c>mlp</c>, <c>activation</c> (default <c>silu</c>; see <see cref="ActivationNames"/>) and
/// <c>output_scale</c> (default 1) are optional; <c>base_scale</c> σ₀ adds the Gaussian base term
/// |x − μ₀|²/(2σ₀²) (see <see cref="GaussianBase"/>) with μ₀ = <c>base_mean</c> (default the origin); and <c>parameters</c> is a safetensors file with PyTorch
/// <c>nn.Sequential</c> names (see <see cref="MlpParameterFile"/>); a relative path is resolved against the
/// folder of the spec file. Comments (<c>//</c>, <c>/* */</c>) and trailing commas are accepted.</para>
/// <para>For <c>conv</c> (<see cref="ConvSpec"/>), <c>input</c> is the image's [C, H, W]; convolution l has
/// <c>channels[l]</c> output channels and a <c>kernels[l]</c> × <c>kernels[l]</c> kernel; <c>strides</c> (default all 1),
/// <c>paddings</c> (default ⌊k/2⌋ each), <c>activation</c> (default <c>silu</c>) and <c>pooling</c> (<c>avg</c>, the default,
/// or <c>sum</c>) are optional; <c>parameters</c> is a safetensors file in the layout of <see cref="ConvParameterFile"/>.</para>
/// <para>Anything wrong (invalid JSON, an unknown kind or field, a missing field, a value of the wrong type, a
/// string such as <c>"NaN"</c> where a number belongs, mis-sized arrays, a covariance that is not positive
/// definite, an unreadable parameter file) raises <see cref="InvalidModelSpecException"/>, whose message names
/// the spec file, the field and the problem.</para>
/// </remarks>
public static class ModelSpecReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 16,
    };

    /// <summary>The energy kinds, as written in the <c>energy</c> field.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["gaussian", "diagonal_gaussian", "mixture", "banana", "funnel", "mlp", "conv", "ising", "rbm"];

    /// <summary>The discrete kinds among <see cref="Kinds"/>.</summary>
    public static IReadOnlyList<string> DiscreteKinds { get; } = ["ising", "rbm"];

    /// <summary>Reads the spec file at <paramref name="path"/>; relative paths inside it resolve against its folder.</summary>
    /// <param name="path">The JSON spec file.</param>
    /// <returns>The validated spec.</returns>
    /// <exception cref="InvalidModelSpecException">The file cannot be read or the spec is invalid.</exception>
    public static EnergySpec Read(string path) => Continuous(ReadAny(path), path);

    /// <summary>The largest spec file read (64 MiB: a dense 1,000-D Gaussian written out in JSON is about 20 MB).</summary>
    public const long MaxSpecBytes = 64L << 20;

    /// <summary>Reads the spec file at <paramref name="path"/>, continuous or discrete; relative paths inside it resolve against its folder.</summary>
    /// <param name="path">The JSON spec file.</param>
    /// <returns>The validated model.</returns>
    /// <exception cref="InvalidModelSpecException">The file cannot be read or the spec is invalid.</exception>
    public static ModelDefinition ReadAny(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        string json;
        try
        {
            long length = new FileInfo(fullPath).Length;
            if (length > MaxSpecBytes)
                throw new InvalidModelSpecException($"the file holds {length:N0} bytes; a spec is at most {MaxSpecBytes:N0} (large parameters belong in a safetensors file it names)", path);
            json = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidModelSpecException("the file does not exist", path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidModelSpecException($"cannot read the file: {e.Message}", path, e);
        }
        return Parse(json, Path.GetDirectoryName(fullPath)!, path);
    }

    /// <summary>Parses a spec from <paramref name="json"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="baseDirectory">The folder that relative paths inside the spec (an MLP's parameters) resolve against.</param>
    /// <returns>The validated spec.</returns>
    /// <exception cref="InvalidModelSpecException">The spec is invalid.</exception>
    public static EnergySpec Parse(string json, string baseDirectory) => Continuous(ParseAny(json, baseDirectory), null);

    /// <summary>Parses a spec, continuous or discrete, from <paramref name="json"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="baseDirectory">The folder that relative paths inside the spec (parameter files) resolve against.</param>
    /// <returns>The validated model.</returns>
    /// <exception cref="InvalidModelSpecException">The spec is invalid.</exception>
    public static ModelDefinition ParseAny(string json, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        return Parse(json, baseDirectory, null);
    }

    private static EnergySpec Continuous(ModelDefinition model, string? specPath) => model.Continuous
        ?? throw new InvalidModelSpecException($"the {model.Kind} model is discrete (binary units); this needs a continuous energy (use ebm sample --sampler gibbs for discrete models)", specPath);

    private static ModelDefinition Parse(string json, string baseDirectory, string? specPath)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidModelSpecException($"not valid JSON: {e.Message}", specPath, e);
        }
        using (document)
        {
            var spec = new SpecObject(document.RootElement, specPath);
            if (!spec.Has("energy"))
                throw spec.Error($"missing field 'energy'; it names the kind, one of: {string.Join(", ", Kinds)}");
            string kind = spec.Text("energy");
            if (kind == "ising" || kind == "rbm")
            {
                DiscreteSpec discrete = kind == "ising" ? Ising(spec) : Rbm(spec, baseDirectory);
                return new ModelDefinition(spec.Has("temperature") ? discrete with { Temperature = Temperature(spec) } : discrete)
                {
                    ParameterFiles = ParameterFiles(spec, baseDirectory),
                };
            }
            EnergySpec energy = kind switch
            {
                "gaussian" => Gaussian(spec),
                "diagonal_gaussian" => Construct(spec, kind, ["mean", "scales"], () => new DiagonalGaussianSpec(spec.Vector("mean"), spec.Vector("scales"))),
                "mixture" => Construct(spec, kind, ["weights", "means", "scales"], () => new GaussianMixtureSpec(
                    spec.Vector("weights"), [.. spec.Rows("means")], [.. spec.Rows("scales")])),
                "banana" => Construct(spec, kind, ["dim", "a", "b"], () => new BananaSpec(spec.Integer("dim"), spec.Number("a"), spec.Number("b"))),
                "funnel" => Construct(spec, kind, ["dim", "sigma"], () => new FunnelSpec(spec.Integer("dim"), spec.Number("sigma"))),
                "mlp" => Mlp(spec, baseDirectory),
                "conv" => Conv(spec, baseDirectory),
                _ => throw spec.Error($"unknown energy kind '{kind}'; known kinds: {string.Join(", ", Kinds)}"),
            };
            return new ModelDefinition(spec.Has("temperature") ? energy with { Temperature = Temperature(spec) } : energy)
            {
                ParameterFiles = ParameterFiles(spec, baseDirectory),
            };
        }
    }

    // The parameters file of a spec that names one (mlp, rbm).
    private static string[] ParameterFiles(SpecObject spec, string baseDirectory) =>
        spec.Has("parameters") ? [ParametersPath(spec, baseDirectory)] : [];

    // A spec's "parameters" file, relative paths resolved against the spec's folder.
    private static string ParametersPath(SpecObject spec, string baseDirectory) =>
        Path.GetFullPath(Path.Combine(baseDirectory, spec.Text("parameters")));

    // Reads the spec's "parameters" file and decodes it; a missing or malformed file names the field's value.
    private static T ReadParameters<T>(SpecObject spec, string baseDirectory, Func<SafeTensors, T> decode)
    {
        string file = spec.Text("parameters");
        string resolved = ParametersPath(spec, baseDirectory);
        try
        {
            return decode(SafeTensorsFile.Read(resolved));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw spec.Error($"the parameters file '{file}' does not exist (looked for {resolved})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EbmFormatException)
        {
            throw spec.Error($"cannot read the parameters file '{file}': {OneLine(e.Message)}", e);
        }
    }

    private static double Temperature(SpecObject spec)
    {
        double temperature = spec.Number("temperature");
        if (!(temperature > 0) || !double.IsFinite(temperature))
            throw spec.Error($"'temperature' is {temperature}; it must be positive and finite");
        return temperature;
    }

    private static IsingSpec Ising(SpecObject spec) =>
        Construct(spec, "ising", ["rows", "cols", "coupling", "field"], () =>
            new IsingSpec(spec.Integer("rows"), spec.Integer("cols"), spec.Number("coupling"), spec.Number("field", 0)));

    private static RbmSpec Rbm(SpecObject spec, string baseDirectory) =>
        Construct(spec, "rbm", ["visible", "hidden", "parameters"], () =>
        {
            int visible = spec.Integer("visible"), hidden = spec.Integer("hidden");
            if (visible < 1 || hidden < 1)
                throw spec.Error($"rbm: 'visible' ({visible}) and 'hidden' ({hidden}) must be at least 1");
            string file = spec.Text("parameters");
            var rbm = ReadParameters(spec, baseDirectory, RbmSpec.FromSafeTensors);
            if (rbm.Visible != visible || rbm.Hidden != hidden)
                throw spec.Error($"the parameters file '{file}' holds an RBM with {rbm.Visible} visible and {rbm.Hidden} hidden units; the spec says {visible} and {hidden}");
            return rbm;
        });

    private static EnergySpec Gaussian(SpecObject spec)
    {
        bool covariance = spec.Has("covariance"), precision = spec.Has("precision");
        if (covariance && precision)
            throw spec.Error("a gaussian takes either 'covariance' or 'precision', not both");
        if (!covariance && !precision)
            throw spec.Error("missing field 'covariance' (or 'precision'): a gaussian takes exactly one of the two");
        return Construct(spec, "gaussian", ["mean", covariance ? "covariance" : "precision"], () => covariance
            ? GaussianSpec.FromCovariance(spec.Vector("mean"), spec.Matrix("covariance"))
            : GaussianSpec.FromPrecision(spec.Vector("mean"), spec.Matrix("precision")));
    }

    private static EnergySpec Mlp(SpecObject spec, string baseDirectory) =>
        Construct(spec, "mlp", ["layers", "activation", "parameters", "output_scale", "base_scale", "base_mean"], () =>
        {
            int[] layers = spec.IntegerVector("layers");
            MlpSpec.ValidateLayers(layers);
            var activation = ActivationNames.Parse(spec.Text("activation", "silu"));
            string file = spec.Text("parameters");
            var (content, parameters) = ReadParameters(spec, baseDirectory, tensors => (tensors, MlpParameterFile.FromSafeTensors(tensors, layers)));
            if (content.Metadata.TryGetValue("activation", out string? stored) && !string.Equals(stored, ActivationNames.Name(activation), StringComparison.OrdinalIgnoreCase))
                throw spec.Error($"the parameters file '{file}' was saved for activation '{stored}' but the spec says '{ActivationNames.Name(activation)}'");
            var (outputScale, gaussianBase) = ScaleAndBase(spec, file, content, layers[0]);
            return new MlpSpec(layers, activation, parameters, outputScale, gaussianBase);
        });

    private static EnergySpec Conv(SpecObject spec, string baseDirectory) =>
        Construct(spec, "conv", ["input", "channels", "kernels", "strides", "paddings", "activation", "pooling", "parameters"], () =>
        {
            int[] input = spec.IntegerVector("input"), channels = spec.IntegerVector("channels"), kernels = spec.IntegerVector("kernels");
            if (input.Length != 3)
                throw spec.Error($"'input' must be the image's [C, H, W]; got {input.Length} values");
            if (channels.Length != kernels.Length)
                throw spec.Error($"'channels' has {channels.Length} values and 'kernels' {kernels.Length}; each convolution needs one of each");
            int[] strides = spec.Has("strides") ? spec.IntegerVector("strides") : [.. channels.Select(_ => 1)];
            int[] paddings = spec.Has("paddings") ? spec.IntegerVector("paddings") : [.. kernels.Select(kernel => kernel / 2)];
            if (strides.Length != channels.Length || paddings.Length != channels.Length)
                throw spec.Error($"'strides' and 'paddings' need one value per convolution ({channels.Length}); got {strides.Length} and {paddings.Length}");
            var architecture = new ConvArchitecture(input[0], input[1], input[2],
                [.. channels.Select((count, l) => new ConvLayer(count, kernels[l], strides[l], paddings[l]))],
                ActivationNames.Parse(spec.Text("activation", "silu")), ConvArchitecture.ParsePooling(spec.Text("pooling", "avg")));
            return new ConvSpec(architecture, ReadParameters(spec, baseDirectory, tensors => ConvParameterFile.FromSafeTensors(tensors, architecture)));
        });

    // A saved model carries its output scale and base term in its metadata (written when they are not 1 and none): a spec
    // may leave them out (they come from the file) or repeat them (they must agree). Without the metadata, as in a file
    // from PyTorch, the spec's values apply.
    private static (double OutputScale, GaussianBase? Base) ScaleAndBase(SpecObject spec, string file, SafeTensors content, int dimension)
    {
        double outputScale = spec.Number("output_scale", 1);
        var gaussianBase = ReadBase(spec, dimension);
        if (content.Metadata.ContainsKey("output_scale"))
        {
            double saved = MlpParameterFile.OutputScaleOf(content);
            if (spec.Has("output_scale") && !Agrees(outputScale, saved))
                throw spec.Error($"'output_scale' is {outputScale} but the parameters file '{file}' was saved with output_scale {saved}; leave it out to use the file's");
            outputScale = saved;
        }
        if (MlpParameterFile.BaseOf(content, dimension) is { } savedBase)
        {
            if (spec.Has("base_scale") && !Agrees(gaussianBase!.Scale, savedBase.Scale))
                throw spec.Error($"'base_scale' is {gaussianBase.Scale} but the parameters file '{file}' was trained with base_scale {savedBase.Scale}; leave it out to use the file's");
            for (int i = 0; spec.Has("base_mean") && i < dimension; i++)
            {
                if (!Agrees(gaussianBase!.Mean[i], savedBase.Mean[i]))
                    throw spec.Error($"'base_mean'[{i}] is {gaussianBase.Mean[i]} but the parameters file '{file}' was trained with {savedBase.Mean[i]} there; leave it out to use the file's");
            }
            gaussianBase = savedBase;
        }
        return (outputScale, gaussianBase);
    }

    // Equal up to the digits a person copies from metadata or a printout (float32 precision).
    private static bool Agrees(double a, double b) => Math.Abs(a - b) <= 1e-6 * Math.Max(Math.Abs(a), Math.Abs(b));

    private static GaussianBase? ReadBase(SpecObject spec, int dimension)
    {
        if (!spec.Has("base_scale"))
        {
            if (spec.Has("base_mean"))
                throw spec.Error("'base_mean' needs 'base_scale': the base term is |x − base_mean|² / (2 base_scale²)");
            return null;
        }
        double[] mean = spec.Has("base_mean") ? spec.Vector("base_mean") : new double[dimension];
        return new GaussianBase(mean, spec.Number("base_scale"));
    }

    // Reads the fields and builds the spec; the constructors' ArgumentExceptions become InvalidModelSpecExceptions.
    private static T Construct<T>(SpecObject spec, string kind, string[] fields, Func<T> build)
    {
        spec.RejectUnknown(kind, ["energy", "temperature", .. fields]);
        try
        {
            return build();
        }
        catch (ArgumentException e) when (e is not InvalidModelSpecException)
        {
            throw spec.Error($"{kind}: {Unadorned(e)}", e);
        }
    }

    /// <summary>The message without the " (Parameter 'x')" suffix that ArgumentException appends, on one line.</summary>
    internal static string Unadorned(ArgumentException e)
    {
        string message = e.Message;
        if (e.ParamName is not null)
            message = message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
        return OneLine(message);
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
