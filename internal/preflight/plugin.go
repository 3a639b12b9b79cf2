package preflight

// PluginName is the Session Manager plugin the AWS CLI runs for every
// session (Systems Manager User Guide, "Install the Session Manager plugin
// for the AWS CLI"); without it, aws ssm start-session fails.
const PluginName = "session-manager-plugin"

// PluginFix is what to do when the plugin is missing.
const PluginFix = "install the Session Manager plugin for the AWS CLI " +
	"(https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html) and put it on PATH"

// LookPath finds a program the way exec.LookPath does; injectable for tests.
type LookPath func(file string) (string, error)

// PluginMissing reports whether the plugin cannot be found on PATH.
func PluginMissing(look LookPath) bool {
	_, err := look(PluginName)
	return err != nil
}
