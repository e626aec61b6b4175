using System.Text.Json.Nodes;

namespace QomSharp.Qmp.Commands;

/// <summary>
/// QMP's <c>stop</c> and <c>cont</c> (the guest stopped and continued), <c>system_wakeup</c> (a
/// suspended guest runs again), <c>system_powerdown</c> (the power button) and
/// <c>query-current-machine</c> (whether the machine can wake from suspend).
/// </summary>
public static class SystemPower
{
    /// <summary>Runs <c>stop</c>.</summary>
    public static JsonNode? Stop(QomContext context, QmpArguments arguments)
    {
        arguments.CheckNoneLeft();
        context.Qdev.Stop();
        return null;
    }

    /// <summary>Runs <c>cont</c>.</summary>
    public static JsonNode? Continue(QomContext context, QmpArguments arguments)
    {
        arguments.CheckNoneLeft();
        context.Qdev.Continue();
        return null;
    }

    /// <summary>Runs <c>system_wakeup</c>.</summary>
    public static JsonNode? Wakeup(QomContext context, QmpArguments arguments)
    {
        arguments.CheckNoneLeft();
        context.Qdev.RequestWakeup();
        return null;
    }

    /// <summary>Runs <c>system_powerdown</c>.</summary>
    public static JsonNode? Powerdown(QomContext context, QmpArguments arguments)
    {
        arguments.CheckNoneLeft();
        context.Qdev.RequestPowerdown();
        return null;
    }

    /// <summary>Runs <c>query-current-machine</c>.</summary>
    public static JsonNode? CurrentMachine(QomContext context, QmpArguments arguments)
    {
        arguments.CheckNoneLeft();
        return new JsonObject { ["wakeup-suspend-support"] = context.Qdev.WakeupSupported };
    }
}
