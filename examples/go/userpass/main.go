// Command strongroom-userpass-go serves the userpass auth method as a Vault
// backend plugin: the Go twin of examples/ts/userpass, written with HashiCorp's
// Vault SDK.
package main

import (
	"fmt"
	"os"

	"github.com/hashicorp/vault/sdk/plugin"
)

func main() {
	if err := plugin.ServeMultiplex(&plugin.ServeOpts{BackendFactoryFunc: factory}); err != nil {
		fmt.Fprintln(os.Stderr, "strongroom-userpass-go:", err)
		os.Exit(1)
	}
}
