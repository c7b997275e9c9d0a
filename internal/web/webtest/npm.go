package webtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Program finds a program a test needs: missing, the test skips on a
// developer's machine and fails under CI.
func Program(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed: CI needs it (see .ci/run)", name)
		}
		t.Skipf("%s is not installed", name)
	}
	return p
}

// NPMInstall installs npm packages (name@version) into a temporary
// directory and returns it, with npm's cache kept between runs so that a
// second run needs no download. Without npm or a registry the test skips,
// and fails under CI.
func NPMInstall(t testing.TB, packages ...string) string {
	t.Helper()
	npm := Program(t, "npm")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name":"cxm-sdk-test","private":true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(npm, append([]string{"install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts",
		"--cache", filepath.Join(os.TempDir(), "cxm-npm-cache")}, packages...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("npm install: %v\n%s", err, out)
		}
		t.Skipf("npm install failed (no registry?): %v\n%s", err, out)
	}
	return dir
}
