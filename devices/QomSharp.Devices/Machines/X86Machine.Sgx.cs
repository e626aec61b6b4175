using System.Collections.Generic;
using System.Text.Json.Nodes;
using QomSharp.Qdev;

namespace QomSharp.Devices.Machines;

public abstract partial class X86Machine
{
    // QEMU's SgxEPCList: each EPC section's backend and NUMA node, as given.
    private List<(string Memdev, long Node)> sgxEpc = [];

    // QEMU's sgx-epc property (x86_machine_get/set_sgx_epc): a list of SgxEPC (memdev, then node,
    // both required; no other member). The node is read and reported as an integer. QEMU reads the
    // list in place of the old one, so a refused value leaves none.
    private static MachineValueProperty SgxEpcProperty() => new("sgx-epc", "SgxEPC", "SGX EPC device",
        static m =>
        {
            var list = new JsonArray();
            foreach (var (memdev, node) in ((X86Machine)m).sgxEpc)
            {
                list.Add((JsonNode)new JsonObject { ["memdev"] = memdev, ["node"] = node });
            }

            return list;
        },
        static (m, input) =>
        {
            var machine = (X86Machine)m;
            machine.sgxEpc = [];
            var sections = new List<(string, long)>();
            foreach (var element in input.ReadList("sgx-epc"))
            {
                string name = element.FieldName ?? "sgx-epc";
                var members = MachineStructInput.Members(element, name);
                string memdev = (MachineStructInput.Member(members, name, "memdev") ?? throw Missing(name, "memdev")).ReadString("memdev");
                long node = (MachineStructInput.Member(members, name, "node") ?? throw Missing(name, "node")).ReadInt64("node");
                foreach (var key in members.Keys)
                {
                    MachineStructInput.CheckKnown(["memdev", "node"], name, key);
                }

                sections.Add((memdev, node));
            }

            machine.sgxEpc = sections;
        });

    private static QomException Missing(string name, string member) => new($"Parameter '{name}.{member}' is missing");

    /// <summary>
    /// QEMU's <c>pc_machine_init_sgx_epc</c>, first thing as the board is built: each section's
    /// <c>x86-sgx-epc</c> device links its backend, which must be a <c>memory-backend-epc</c>. No such
    /// backend exists here (QEMU 10.0 as Debian builds it has none either), so a section is refused
    /// with QEMU's error for its memdev; SGX itself is not modelled.
    /// </summary>
    protected void InitSgxEpc()
    {
        foreach (var (memdev, _) in sgxEpc)
        {
            if (memdev.Length == 0)
            {
                throw new QomException("'memdev' property is not set");
            }

            var backend = Context.ResolvePath(memdev, "memory-backend-epc", out bool ambiguous);
            if (ambiguous)
            {
                throw new QomException($"Path '{memdev}' does not uniquely identify an object");
            }

            if (backend is null)
            {
                bool exists = Context.ResolvePath(memdev, null, out bool any) is not null || any;
                throw exists
                    ? new QomException("Invalid parameter type for 'memdev', expected: memory-backend-epc")
                    : new QomException($"Device '{memdev}' not found", QomErrorClass.DeviceNotFound);
            }

            throw new QomException("SGX EPC sections are not modelled");
        }
    }
}
