package ui

// LocalPath lets the external tests check the sign-in redirect rule.
var LocalPath = localPath
