package main

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/scrypt"
)

// Passwords are stored as scrypt$<N>$<r>$<p>$<salt>$<key> (standard base64),
// the format the TypeScript twin reads and writes too.
const (
	costN    = 16384
	costR    = 8
	costP    = 1
	keyBytes = 32
)

func hashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key, err := scrypt.Key([]byte(password), salt, costN, costR, costP, keyBytes)
	if err != nil {
		return "", err
	}
	enc := base64.StdEncoding
	return fmt.Sprintf("scrypt$%d$%d$%d$%s$%s", costN, costR, costP, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// verifyPassword is false for a wrong password or a hash it cannot read.
func verifyPassword(password, stored string) bool {
	parts := strings.Split(stored, "$")
	if len(parts) != 6 || parts[0] != "scrypt" {
		return false
	}
	n, errN := strconv.Atoi(parts[1])
	r, errR := strconv.Atoi(parts[2])
	p, errP := strconv.Atoi(parts[3])
	salt, errS := base64.StdEncoding.DecodeString(parts[4])
	expected, errK := base64.StdEncoding.DecodeString(parts[5])
	if errN != nil || errR != nil || errP != nil || errS != nil || errK != nil {
		return false
	}
	actual, err := scrypt.Key([]byte(password), salt, n, r, p, len(expected))
	return err == nil && subtle.ConstantTimeCompare(actual, expected) == 1
}
