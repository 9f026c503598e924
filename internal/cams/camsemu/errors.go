package camsemu

import (
	"fmt"
	"net/http"
)

// apiError is an error answer in the gateway's shape:
// {"RequestId","HostId","Code","Message","Recommend"}.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message) }

// Error answers as the Alibaba Cloud API gateway words them.

func errMissingParameter(name string) *apiError {
	return &apiError{http.StatusBadRequest, "MissingParameter",
		fmt.Sprintf("The input parameter %q that is mandatory for processing this request is not supplied.", name)}
}

func errInvalidParameter(name, why string) *apiError {
	return &apiError{http.StatusBadRequest, "InvalidParameter",
		fmt.Sprintf("The specified parameter %q is not valid: %s.", name, why)}
}

func errIncompleteSignature(why string) *apiError {
	return &apiError{http.StatusBadRequest, "IncompleteSignature",
		"The request signature does not conform to Aliyun standards: " + why + "."}
}

func errSignatureDoesNotMatch(stringToSign string) *apiError {
	return &apiError{http.StatusBadRequest, "SignatureDoesNotMatch",
		"Specified signature is not matched with our calculation. server string to sign is:" + stringToSign}
}

func errContentSHA256() *apiError {
	return &apiError{http.StatusBadRequest, "SignatureDoesNotMatch",
		"The x-acs-content-sha256 header does not match the request body."}
}

func errAccessKeyNotFound() *apiError {
	return &apiError{http.StatusNotFound, "InvalidAccessKeyId.NotFound", "Specified access key is not found."}
}

func errMissingSecurityToken() *apiError {
	return &apiError{http.StatusBadRequest, "MissingSecurityToken", "SecurityToken is mandatory for this request."}
}

func errSecurityTokenExpired() *apiError {
	return &apiError{http.StatusBadRequest, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired."}
}

func errTimestampFormat(v string) *apiError {
	return &apiError{http.StatusBadRequest, "InvalidTimeStamp.Format",
		fmt.Sprintf("Specified time stamp or date value %q is not well formatted.", v)}
}

func errTimestampExpired(v string) *apiError {
	return &apiError{http.StatusBadRequest, "InvalidTimeStamp.Expired",
		fmt.Sprintf("Specified time stamp or date value %q is expired.", v)}
}

func errNonceUsed() *apiError {
	return &apiError{http.StatusBadRequest, "SignatureNonceUsed", "Specified signature nonce was used already."}
}

func errInvalidAction(action string) *apiError {
	return &apiError{http.StatusNotFound, "InvalidAction.NotFound",
		fmt.Sprintf("Specified api %q is not found, please check your url and method.", action)}
}

func errInvalidVersion(version string) *apiError {
	return &apiError{http.StatusBadRequest, "InvalidVersion",
		fmt.Sprintf("Specified parameter Version %q is not valid.", version)}
}

func errMethodNotAllowed(method string) *apiError {
	return &apiError{http.StatusMethodNotAllowed, "UnsupportedHTTPMethod",
		fmt.Sprintf("This http method %q is not supported.", method)}
}

// ThrottleStatus values accepted by Server.Throttle, with the answers the
// real services give for them.
var throttleAnswers = map[int]apiError{
	http.StatusBadRequest:         {http.StatusBadRequest, "Throttling.User", "Request was denied due to user flow control."},
	http.StatusTooManyRequests:    {http.StatusTooManyRequests, "Throttling", "Request was denied due to request throttling."},
	http.StatusServiceUnavailable: {http.StatusServiceUnavailable, "ServiceUnavailable", "The request has failed due to a temporary failure of the server."},
}

func errInternal() *apiError {
	return &apiError{http.StatusInternalServerError, "InternalError",
		"The request processing has failed due to some unknown error, exception or failure."}
}
