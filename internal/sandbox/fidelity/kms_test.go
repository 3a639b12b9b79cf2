package fidelity

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestKMSKeysAndPolicies: key lookups by alias and the key policy (planted gap 2 reads it).
func TestKMSKeysAndPolicies(t *testing.T) {
	s := setup(t)
	a := s.workload(t)
	if len(a.KMSKeys) == 0 {
		t.Fatal("the workload has no KMS key")
	}
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env, _ := s.as(t, c, a.ID)
			for _, k := range a.KMSKeys {
				arn := s.env.Seeded.KeyARNs[k.Alias]
				var key struct {
					KeyMetadata struct{ Arn, Description, KeyState string }
				}
				res, _ := s.call(t, c, env, "kms", "describe-key", "--key-id", "alias/"+k.Alias)
				res.JSON(t, &key)
				if key.KeyMetadata.Arn != arn || key.KeyMetadata.Description != k.Description || key.KeyMetadata.KeyState != "Enabled" {
					t.Errorf("alias/%s: %+v, want %s %q Enabled", k.Alias, key.KeyMetadata, arn, k.Description)
				}
				if k.Policy.IsZero() {
					continue
				}
				var p struct{ Policy document }
				res, _ = s.call(t, c, env, "kms", "get-key-policy", "--key-id", arn, "--policy-name", "default")
				res.JSON(t, &p)
				s.sameDocument(t, "key policy of alias/"+k.Alias, k.Policy, p.Policy)
			}
		})
	}
}

// TestSessionPreferencesAndLogging: SSM-SessionManagerRunShell as the console writes it,
// and the log group it names.
func TestSessionPreferencesAndLogging(t *testing.T) {
	s := setup(t)
	a := s.workload(t)
	prefs := a.SessionPreferences
	if prefs == nil {
		t.Fatal("the workload has no session preferences")
	}
	want := map[string]any{"kmsKeyId": s.env.Seeded.KeyARNs[prefs.KMSKey], "s3BucketName": prefs.S3BucketName, "s3KeyPrefix": prefs.S3KeyPrefix,
		"s3EncryptionEnabled": prefs.S3EncryptionEnabled, "cloudWatchLogGroupName": prefs.CloudWatchLogGroupName,
		"cloudWatchEncryptionEnabled": prefs.CloudWatchEncryptionEnabled, "runAsEnabled": prefs.RunAsEnabled}
	wantGroups := map[string]string{}
	for _, g := range a.LogGroups {
		wantGroups[g.Name] = s.env.Seeded.KeyARNs[g.KMSKey]
	}
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env, _ := s.as(t, c, a.ID)
			var doc struct{ Content, DocumentType, Name string }
			res, _ := s.call(t, c, env, "ssm", "get-document", "--name", "SSM-SessionManagerRunShell")
			res.JSON(t, &doc)
			var content struct {
				SessionType string
				Inputs      map[string]any
			}
			if err := json.Unmarshal([]byte(doc.Content), &content); err != nil {
				t.Fatalf("document content is not JSON: %v", err)
			}
			got := map[string]any{}
			for k := range want {
				got[k] = content.Inputs[k]
			}
			if diff := cmp.Diff(want, got); diff != "" || doc.DocumentType != "Session" || content.SessionType != "Standard_Stream" {
				t.Errorf("preferences (-scenario +CLI):\n%s(type %s, session type %s)", diff, doc.DocumentType, content.SessionType)
			}
			var groups struct {
				LogGroups []struct{ LogGroupName, KmsKeyId string }
			}
			res, _ = s.call(t, c, env, "logs", "describe-log-groups")
			res.JSON(t, &groups)
			gotGroups := map[string]string{}
			for _, g := range groups.LogGroups {
				gotGroups[g.LogGroupName] = g.KmsKeyId
			}
			if diff := cmp.Diff(wantGroups, gotGroups); diff != "" {
				t.Errorf("log groups (-scenario +CLI):\n%s", diff)
			}
		})
	}
}
