using QomSharp.Qdev;

namespace QomSharp.Devices.Tests.I386;

/// <summary>
/// QEMU 10.0's <c>machine_parse_smp_config</c> as <see cref="CpuTopology.Compute"/> has it: every
/// check's message in QEMU's order, the counts it fills in (cores first since 6.2, sockets first
/// before), and C's unsigned arithmetic.
/// </summary>
public class CpuTopologyTests
{
    private static MachineClass Q35(string name = "q35") => Machine.FindMachineClass(new QomContext(), name)!;

    [Theory]
    [InlineData("cpus")]
    [InlineData("drawers")]
    [InlineData("books")]
    [InlineData("sockets")]
    [InlineData("dies")]
    [InlineData("clusters")]
    [InlineData("modules")]
    [InlineData("cores")]
    [InlineData("threads")]
    [InlineData("maxcpus")]
    public void AZeroCountIsRefusedBeforeAnythingElse(string member)
    {
        // clusters=2 would be refused too, but the zero is checked first.
        var config = new SmpConfiguration(Clusters: 2) with { };
        config = member switch
        {
            "cpus" => config with { Cpus = 0 },
            "drawers" => config with { Drawers = 0 },
            "books" => config with { Books = 0 },
            "sockets" => config with { Sockets = 0 },
            "dies" => config with { Dies = 0 },
            "clusters" => config with { Clusters = 0 },
            "modules" => config with { Modules = 0 },
            "cores" => config with { Cores = 0 },
            "threads" => config with { Threads = 0 },
            _ => config with { MaxCpus = 0 },
        };
        var error = Assert.Throws<QomException>(() => CpuTopology.Compute(Q35(), config));
        Assert.Equal("Invalid CPU topology: CPU topology parameters must be greater than zero", error.Message);
    }

    [Fact]
    public void LevelsQ35LacksAreRefusedAboveOneInQemusOrder()
    {
        Assert.Equal("clusters > 1 not supported by this machine's CPU topology",
            Assert.Throws<QomException>(() => CpuTopology.Compute(Q35(), new SmpConfiguration(Drawers: 2, Books: 2, Clusters: 2))).Message);
        Assert.Equal("books > 1 not supported by this machine's CPU topology",
            Assert.Throws<QomException>(() => CpuTopology.Compute(Q35(), new SmpConfiguration(Drawers: 2, Books: 2))).Message);
        Assert.Equal("drawers > 1 not supported by this machine's CPU topology",
            Assert.Throws<QomException>(() => CpuTopology.Compute(Q35(), new SmpConfiguration(Drawers: 2))).Message);

        // One of a level the machine lacks is accepted; dies and modules are x86 levels.
        var topology = CpuTopology.Compute(Q35(), new SmpConfiguration(Cpus: 8, Dies: 2, Modules: 2, Clusters: 1, Books: 1, Drawers: 1));
        Assert.Equal(new CpuTopology(8, 1, 1, 1, 2, 1, 2, 2, 1, 8), topology);
    }

    [Fact]
    public void OmittedCountsGoToCoresSince62AndToSocketsBefore()
    {
        Assert.Equal((1u, 4u), Split(CpuTopology.Compute(Q35(), new SmpConfiguration(Cpus: 4))));
        Assert.Equal((1u, 4u), Split(CpuTopology.Compute(Q35("pc-q35-6.2"), new SmpConfiguration(Cpus: 4))));
        Assert.Equal((4u, 1u), Split(CpuTopology.Compute(Q35("pc-q35-6.1"), new SmpConfiguration(Cpus: 4))));
        Assert.Equal((2u, 2u), Split(CpuTopology.Compute(Q35(), new SmpConfiguration(Cpus: 4, Sockets: 2))));

        // Threads are computed last; no cpus or maxcpus: the product of what is given.
        Assert.Equal(2u, CpuTopology.Compute(Q35(), new SmpConfiguration(Cpus: 4, Sockets: 1, Cores: 2)).Threads);
        Assert.Equal(6u, CpuTopology.Compute(Q35(), new SmpConfiguration(Sockets: 2, Cores: 3)).Cpus);
        Assert.Equal(new CpuTopology(2, 1, 1, 2, 1, 1, 1, 2, 1, 4), CpuTopology.Compute(Q35(), new SmpConfiguration(Cpus: 2, Sockets: 2, MaxCpus: 4)));

        static (uint Sockets, uint Cores) Split(CpuTopology t) => (t.Sockets, t.Cores);
    }

    [Fact]
    public void TheProductAndTheLimitsAreCheckedInQemusOrder()
    {
        Assert.Equal("Invalid CPU topology: product of the hierarchy must match maxcpus: sockets (2) * dies (1) * modules (1) * cores (3) * threads (1) != maxcpus (8)",
            Assert.Throws<QomException>(() => CpuTopology.Compute(Q35(), new SmpConfiguration(Cpus: 8, Cores: 3))).Message);
        Assert.Equal("Invalid CPU topology: maxcpus must be equal to or greater than smp: sockets (1) * dies (1) * modules (1) * cores (1) * threads (1) == maxcpus (1) < smp_cpus (2)",
            Assert.Throws<QomException>(() => CpuTopology.Compute(Q35(), new SmpConfiguration(Cpus: 2, MaxCpus: 1))).Message);
        Assert.Equal("Invalid SMP CPUs 5000. The max CPUs supported by machine 'pc-q35-10.0' is 4096",
            Assert.Throws<QomException>(() => CpuTopology.Compute(Q35(), new SmpConfiguration(Cpus: 2, MaxCpus: 5000))).Message);
        Assert.Equal("Invalid SMP CPUs 289. The max CPUs supported by machine 'pc-q35-8.0' is 288",
            Assert.Throws<QomException>(() => CpuTopology.Compute(Q35("pc-q35-8.0"), new SmpConfiguration(Cpus: 289))).Message);

        var machine = Q35();
        machine.MinCpus = 2;
        Assert.Equal("Invalid SMP CPUs 1. The min CPUs supported by machine 'pc-q35-10.0' is 2",
            Assert.Throws<QomException>(() => CpuTopology.Compute(machine, new SmpConfiguration(Cpus: 1))).Message);
    }

    [Fact]
    public void TheHierarchyNamesEveryLevelTheMachineHas()
    {
        var machine = Q35();
        machine.Smp = new SmpSupport(Dies: true, Clusters: true, Modules: true, Books: true, Drawers: true);
        Assert.Equal("Invalid CPU topology: product of the hierarchy must match maxcpus: drawers (1) * books (1) * sockets (3) * dies (1) * clusters (1) * modules (1) * cores (1) * threads (1) != maxcpus (4)",
            Assert.Throws<QomException>(() => CpuTopology.Compute(machine, new SmpConfiguration(Cpus: 4, Sockets: 3))).Message);
    }

    [Fact]
    public void CountsKeepTheirLow32BitsAsQemusUnsignedDo()
    {
        // 2^32 + 1 CPUs is one CPU; -1 is 2^32 - 1, over the limit, printed as QEMU's %d prints it.
        Assert.Equal(CpuTopology.Single, CpuTopology.Compute(Q35(), new SmpConfiguration(Cpus: 4294967297)));
        Assert.Equal("Invalid SMP CPUs -1. The max CPUs supported by machine 'pc-q35-10.0' is 4096",
            Assert.Throws<QomException>(() => CpuTopology.Compute(Q35(), new SmpConfiguration(Cpus: -1))).Message);

        // A product that wraps to 0 is refused by the product check, not by a division by zero.
        Assert.StartsWith("Invalid CPU topology: product of the hierarchy must match maxcpus",
            Assert.Throws<QomException>(() => CpuTopology.Compute(Q35(), new SmpConfiguration(Cpus: 4, Dies: 65536, Modules: 65536))).Message);
    }
}
