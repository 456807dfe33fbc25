// Package model holds the domain types of the conference office, their
// validation rules and the one error type every layer speaks.
package model

import (
	"errors"
	"fmt"
)

// Error codes. The web layer maps each to an HTTP status.
const (
	EInvalid      = "invalid"
	ENotFound     = "not-found"
	EConflict     = "conflict"
	EUnauthorized = "unauthorized"
	EInternal     = "internal"
)

// ErrNotFound is returned by the store when a row does not exist.
var ErrNotFound = &Error{Code: ENotFound, Message: "err_not_found"}

// Error is the application's error. Message is a message-catalogue ID for
// every code but EInternal, whose message is a detail for the log only.
// Fields maps a form field to the catalogue ID of its problem, and Counts
// a field to the number its message speaks of, if it speaks of one.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
	Counts  map[string]int
}

func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		return fmt.Sprintf("%s: %s %v", e.Code, e.Message, e.Fields)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Invalid returns an EInvalid error for the given field problems.
func Invalid(fields map[string]string) *Error {
	return &Error{Code: EInvalid, Message: "err_invalid", Fields: fields}
}

// Conflict returns an EConflict error whose problem belongs to one field.
func Conflict(field, message string) *Error {
	return &Error{Code: EConflict, Message: message, Fields: map[string]string{field: message}}
}

// BelowTaken returns the conflict of a capacity lowered below the places
// already taken, nil if it is not below: those people keep their places,
// so message, a plural catalogue ID, tells the number taken.
func BelowTaken(field, message string, capacity, taken int) error {
	if capacity >= taken {
		return nil
	}
	e := Conflict(field, message)
	e.Counts = map[string]int{field: taken}
	return e
}

// ErrorCode returns the code of an application error, EInternal for any other.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// AsError returns the application error inside err, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// fieldErrors collects field problems during validation.
type fieldErrors map[string]string

// add records msg for field unless the field already has a problem: the
// first problem is the one a user should fix first.
func (f fieldErrors) add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

func (f fieldErrors) err() error {
	if len(f) == 0 {
		return nil
	}
	return Invalid(f)
}
