// Command gen-profiles writes a large, realistic ~/.aws (config,
// credentials, SSO token cache) for the ssm-profiles benchmark:
//
//	go run ./scripts/gen-profiles -home /tmp/bench-home -n 10000
//
// Mix: 80% sso-session profiles, 5% legacy SSO, 10% assume-role chained to
// SSO profiles, 5% static keys in the credentials file; every account+role
// pair is unique. Keys and tokens are obviously fake.
package main

import (
	"bufio"
	"crypto/sha1"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

func main() {
	home := flag.String("home", "", "directory to write .aws/ into (required)")
	n := flag.Int("n", 10000, "number of profiles")
	flag.Parse()
	if *home == "" || *n < 20 {
		fmt.Fprintln(os.Stderr, "usage: gen-profiles -home DIR [-n N>=20]")
		os.Exit(2)
	}
	if err := generate(*home, *n, time.Now()); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func cacheKey(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func generate(home string, n int, now time.Time) error {
	aws := filepath.Join(home, ".aws")
	cache := filepath.Join(aws, "sso", "cache")
	if err := os.MkdirAll(cache, 0o700); err != nil {
		return err
	}
	cfgFile, err := os.Create(filepath.Join(aws, "config"))
	if err != nil {
		return err
	}
	defer cfgFile.Close()
	credFile, err := os.Create(filepath.Join(aws, "credentials"))
	if err != nil {
		return err
	}
	defer credFile.Close()
	cfg, cred := bufio.NewWriter(cfgFile), bufio.NewWriter(credFile)

	const sessions = 5
	for s := 0; s < sessions; s++ {
		name := fmt.Sprintf("org%d", s)
		fmt.Fprintf(cfg, "[sso-session %s]\nsso_start_url = https://d-90670%04d.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n\n", name, s)
		exp := now.Add(8 * time.Hour) // three valid, two expired
		if s >= 3 {
			exp = now.Add(-time.Hour)
		}
		tok := fmt.Sprintf(`{"startUrl":"https://d-90670%04d.awsapps.com/start","region":"us-east-1","accessToken":"bench-not-a-secret","expiresAt":"%s"}`, s, exp.UTC().Format(time.RFC3339))
		if err := os.WriteFile(filepath.Join(cache, cacheKey(name)+".json"), []byte(tok), 0o600); err != nil {
			return err
		}
	}
	roles := [...]string{"AWS-SSM-Operators", "ReadOnly", "PowerUser", "Admin"}
	nSSO, nLegacy, nRole := n*80/100, n*5/100, n*10/100
	nStatic := n - nSSO - nLegacy - nRole
	for i := 0; i < nSSO; i++ {
		fmt.Fprintf(cfg, "[profile acct%06d-%s]\nsso_session = org%d\nsso_account_id = %012d\nsso_role_name = %s\nregion = us-east-1\noutput = json\n\n",
			i/4, roles[i%4], (i/4)%sessions, 100000000000+i/4, roles[i%4])
	}
	for i := 0; i < nLegacy; i++ {
		fmt.Fprintf(cfg, "[profile legacy%05d]\nsso_start_url = https://legacy%d.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = %012d\nsso_role_name = Legacy\nregion = eu-west-1\n\n",
			i, i%10, 200000000000+i)
	}
	for i := 0; i < nRole; i++ {
		fmt.Fprintf(cfg, "[profile deploy%05d]\nrole_arn = arn:aws:iam::%012d:role/ci/Deployer\nsource_profile = acct%06d-%s\nrole_session_name = bench\nregion = us-west-2\n\n",
			i, 300000000000+i, (i%nSSO)/4, roles[i%4])
	}
	for i := 0; i < nStatic; i++ {
		fmt.Fprintf(cred, "[static%05d]\naws_access_key_id = AKIABENCH%011d\naws_secret_access_key = bench-not-a-secret\n\n", i, i)
	}
	if err := cfg.Flush(); err != nil {
		return err
	}
	return cred.Flush()
}
