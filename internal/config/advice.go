package config

// Advice that packages fed by the configuration give in their errors when
// the fix is in the configuration. Only internal/config (and the CLI's
// help) names environment variables: the packages it feeds word their
// errors without them, or take their wording from here.
const (
	// CredentialsAdvice says how campaignwatch gets Alibaba Cloud
	// credentials: they come from variables only, never from the file.
	CredentialsAdvice = "set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN for STS credentials), or give the function a role"
	// FileAdvice says where the configuration file is named.
	FileAdvice = "CAMPAIGNWATCH_CONFIG or --config"
)
