// Drives qomsharp's QMP server with go-qemu, DigitalOcean's QEMU client library, the way a
// management tool drives QEMU: it connects to the monitor socket given as the only argument,
// prints what the library reads from the server, then asks the server to quit.
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/digitalocean/go-qemu/qemu"
	"github.com/digitalocean/go-qemu/qmp"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go-qemu-sample SOCKET")
		os.Exit(2)
	}

	monitor, err := qmp.NewSocketMonitor("unix", os.Args[1], 10*time.Second)
	check(err)
	check(monitor.Connect())
	domain, err := qemu.NewDomain(monitor, "qomsharp")
	check(err)

	version, err := domain.Version()
	check(err)
	fmt.Println("version:", version)
	status, err := domain.Status()
	check(err)
	fmt.Println("status:", status)
	for _, command := range []string{"query-pci", "qom-list-get", "migrate"} {
		supported, err := domain.Supported(command)
		check(err)
		fmt.Printf("supports %s: %v\n", command, supported)
	}

	devices, err := domain.PCIDevices()
	check(err)
	for _, device := range devices {
		fmt.Printf("pci %02x.%x %04x:%04x class %04x %q id %q bars %d\n", device.Slot, device.Function,
			device.ID.Vendor, device.ID.Device, device.ClassInfo.Class, device.ClassInfo.Desc, device.QdevID, len(device.Regions))
	}

	_, err = domain.Run(qmp.Command{Execute: "quit"})
	check(err)
	check(domain.Close())
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "go-qemu-sample:", err)
		os.Exit(1)
	}
}
