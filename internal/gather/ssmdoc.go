package gather

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/ssmkit/ssmkit/internal/check"
)

// DocumentAPI is the one Systems Manager read for session documents.
type DocumentAPI interface {
	GetDocument(context.Context, *ssm.GetDocumentInput, ...func(*ssm.Options)) (*ssm.GetDocumentOutput, error)
}

// PreferencesDocument is the Session-type document that holds an account's
// Session Manager preferences in a region (Session Manager, "Create a
// Session Manager preferences document").
const PreferencesDocument = "SSM-SessionManagerRunShell"

// Preferences are the inputs of a Standard_Stream session document: for
// SSM-SessionManagerRunShell, the account's Session Manager preferences.
type Preferences struct {
	// Found is false when the region has no preferences document: every
	// setting then has its default (no KMS key, no logging).
	Found                       bool   `json:"found"`
	KMSKeyID                    string `json:"kmsKeyId,omitempty"`
	S3BucketName                string `json:"s3BucketName,omitempty"`
	S3KeyPrefix                 string `json:"s3KeyPrefix,omitempty"`
	S3EncryptionEnabled         bool   `json:"s3EncryptionEnabled,omitempty"`
	CloudWatchLogGroupName      string `json:"cloudWatchLogGroupName,omitempty"`
	CloudWatchEncryptionEnabled bool   `json:"cloudWatchEncryptionEnabled,omitempty"`
	CloudWatchStreamingEnabled  bool   `json:"cloudWatchStreamingEnabled,omitempty"`
	RunAsEnabled                bool   `json:"runAsEnabled,omitempty"`
	RunAsDefaultUser            string `json:"runAsDefaultUser,omitempty"`
	IdleSessionTimeout          string `json:"idleSessionTimeout,omitempty"`
	MaxSessionDuration          string `json:"maxSessionDuration,omitempty"`
	ShellProfile                struct {
		Linux   string `json:"linux,omitempty"`
		Windows string `json:"windows,omitempty"`
	} `json:"shellProfile"`
}

// Document is a session document: its session type decides which agent
// plugin runs it (Standard_Stream, InteractiveCommands, Port, ...).
type Document struct {
	Name         string `json:"name"`
	DocumentType string `json:"documentType"`
	SessionType  string `json:"sessionType,omitempty"`
	// Inputs are a Standard_Stream document's settings (its KMS key, ...).
	Inputs Preferences `json:"inputs"`
}

// Preferences reads the region's SSM-SessionManagerRunShell document. A
// region without one is a normal answer: Found is false.
func (r *Reader) Preferences(ctx context.Context) (Preferences, error) {
	return r.preferences.Do("", func() (Preferences, error) {
		d, err := r.Document(ctx, PreferencesDocument)
		var missing *ssmtypes.InvalidDocument
		if errors.As(err, &missing) {
			return Preferences{}, nil
		}
		if err != nil {
			return Preferences{}, err
		}
		return d.Inputs, nil
	})
}

// Document reads a session document (ssm:GetDocument) and its settings.
func (r *Reader) Document(ctx context.Context, name string) (Document, error) {
	return r.documents.Do(name, func() (Document, error) {
		out, err := call(ctx, r, func() (*ssm.GetDocumentOutput, error) {
			return r.c.SSM.GetDocument(ctx, &ssm.GetDocumentInput{Name: aws.String(name)})
		})
		if err != nil {
			return Document{}, check.Read("ssm:GetDocument", name, err)
		}
		d := Document{Name: name, DocumentType: string(out.DocumentType)}
		var content struct {
			SessionType string                     `json:"sessionType"`
			Inputs      map[string]json.RawMessage `json:"inputs"`
		}
		if out.DocumentFormat != "" && out.DocumentFormat != ssmtypes.DocumentFormatJson {
			// YAML session documents exist but are rare; their session type
			// cannot be told without a YAML reader, so say so.
			return d, fmt.Errorf("session document %s is %s, which ssmkit does not read", name, out.DocumentFormat)
		}
		if err := json.Unmarshal([]byte(aws.ToString(out.Content)), &content); err != nil {
			return d, fmt.Errorf("session document %s is not valid JSON: %w", name, err)
		}
		d.SessionType = content.SessionType
		d.Inputs = parseInputs(content.Inputs)
		d.Inputs.Found = true
		return d, nil
	})
}

// parseInputs reads a Standard_Stream document's inputs, whose booleans the
// console writes as JSON booleans and some tools as strings.
func parseInputs(in map[string]json.RawMessage) Preferences {
	str := func(k string) string {
		var s string
		if json.Unmarshal(in[k], &s) == nil {
			return s
		}
		return ""
	}
	boolean := func(k string) bool {
		var b bool
		if json.Unmarshal(in[k], &b) == nil {
			return b
		}
		v, _ := strconv.ParseBool(str(k))
		return v
	}
	p := Preferences{
		KMSKeyID: str("kmsKeyId"), S3BucketName: str("s3BucketName"), S3KeyPrefix: str("s3KeyPrefix"),
		S3EncryptionEnabled: boolean("s3EncryptionEnabled"), CloudWatchLogGroupName: str("cloudWatchLogGroupName"),
		CloudWatchEncryptionEnabled: boolean("cloudWatchEncryptionEnabled"), CloudWatchStreamingEnabled: boolean("cloudWatchStreamingEnabled"),
		RunAsEnabled: boolean("runAsEnabled"), RunAsDefaultUser: str("runAsDefaultUser"),
		IdleSessionTimeout: str("idleSessionTimeout"), MaxSessionDuration: str("maxSessionDuration"),
	}
	_ = json.Unmarshal(in["shellProfile"], &p.ShellProfile)
	return p
}
