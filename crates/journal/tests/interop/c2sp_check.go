// Command c2sp_check checks Hygie's journal artefacts with the Go reference implementation of
// C2SP signed notes and RFC 6962 proofs (golang.org/x/mod/sumdb/note and sumdb/tlog, from
// Debian's golang-golang-x-mod-dev). The Rust test suite runs it; it is not part of Hygie.
//
// Usage: c2sp_check VERIFIER_KEY_FILE INCLUSION_PROOF_JSON [OLD_CHECKPOINT_FILE CONSISTENCY_JSON]
//
// It prints "ok" and exits 0 when every artefact verifies, and exits 1 with the reason otherwise.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type inclusion struct {
	Index      int64       `json:"index"`
	Record     string      `json:"record"`
	TreeSize   int64       `json:"tree_size"`
	Hashes     []tlog.Hash `json:"hashes"`
	Checkpoint string      `json:"checkpoint"`
}

type consistency struct {
	OldSize int64       `json:"old_size"`
	NewSize int64       `json:"new_size"`
	Hashes  []tlog.Hash `json:"hashes"`
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "c2sp_check: "+format+"\n", args...)
	os.Exit(1)
}

// openCheckpoint verifies a signed note and parses its C2SP tlog-checkpoint body.
func openCheckpoint(text []byte, verifier note.Verifier) (string, int64, tlog.Hash) {
	n, err := note.Open(text, note.VerifierList(verifier))
	if err != nil {
		fail("signed note: %v", err)
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 {
		fail("checkpoint body has fewer than three lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("checkpoint size: %v", err)
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		fail("checkpoint root: %v", err)
	}
	return lines[0], size, root
}

func main() {
	if len(os.Args) != 3 && len(os.Args) != 5 {
		fail("usage: c2sp_check VKEY PROOF [OLD_CHECKPOINT CONSISTENCY]")
	}
	vkey, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail("%v", err)
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		fail("verifier key: %v", err)
	}

	raw, err := os.ReadFile(os.Args[2])
	if err != nil {
		fail("%v", err)
	}
	var proof inclusion
	if err := json.Unmarshal(raw, &proof); err != nil {
		fail("inclusion proof: %v", err)
	}
	origin, size, root := openCheckpoint([]byte(proof.Checkpoint), verifier)
	if origin != verifier.Name() {
		fail("checkpoint origin %q is not the key name %q", origin, verifier.Name())
	}
	if size != proof.TreeSize {
		fail("proof for %d entries, checkpoint signs %d", proof.TreeSize, size)
	}
	leaf := tlog.RecordHash([]byte(proof.Record))
	if err := tlog.CheckRecord(proof.Hashes, size, root, proof.Index, leaf); err != nil {
		fail("inclusion of entry %d: %v", proof.Index, err)
	}

	if len(os.Args) == 5 {
		oldText, err := os.ReadFile(os.Args[3])
		if err != nil {
			fail("%v", err)
		}
		_, oldSize, oldRoot := openCheckpoint(oldText, verifier)
		raw, err := os.ReadFile(os.Args[4])
		if err != nil {
			fail("%v", err)
		}
		var tree consistency
		if err := json.Unmarshal(raw, &tree); err != nil {
			fail("consistency proof: %v", err)
		}
		if tree.OldSize != oldSize || tree.NewSize != size {
			fail("consistency proof %d→%d does not match checkpoints %d→%d", tree.OldSize, tree.NewSize, oldSize, size)
		}
		if err := tlog.CheckTree(tree.Hashes, size, root, oldSize, oldRoot); err != nil {
			fail("consistency %d→%d: %v", oldSize, size, err)
		}
	}
	fmt.Println("ok")
}
