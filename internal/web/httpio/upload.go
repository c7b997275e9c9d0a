package httpio

import (
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"cxm/internal/cx"
)

// Limits of the fields that come with an uploaded file.
const (
	maxUploadFields = 32
	maxUploadField  = 64 << 10
	// uploadTime is how long an upload may take to arrive, instead of the
	// server's 60 s: 200 MB at 1 Mbit/s.
	uploadTime = 30 * time.Minute
)

// Upload is a multipart form read by ReadUpload: its small fields, and the
// one file written to a file of its own on disk.
type Upload struct {
	Values   map[string]string
	FileName string
	Path     string // "" when no file was sent; the caller owns the file
	Size     int64
}

// ReadUpload streams a multipart form: the part named file is copied to a
// new file in dir as it arrives, so that memory stays flat whatever its
// size, and refused with TooLarge once it passes max bytes (the partial
// file removed). Other parts are fields of at most 64 KiB. Nothing of the
// body is held in memory, unlike ParseMultipartForm. The request may take
// up to uploadTime to arrive, past the server's read and write timeouts.
func ReadUpload(w http.ResponseWriter, r *http.Request, file, dir string, max int64) (Upload, error) {
	u := Upload{Values: map[string]string{}}
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(uploadTime))
	rc.SetWriteDeadline(time.Now().Add(uploadTime + time.Minute))
	r.Body = http.MaxBytesReader(w, r.Body, max+maxUploadFields*maxUploadField+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return u, cx.FieldErrorf(file, "send the file as multipart/form-data")
	}
	for n := 0; ; n++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return u, nil
		}
		if err == nil && n == maxUploadFields {
			err = cx.Errorf(cx.TooLarge, "the form has more than %d fields", maxUploadFields)
		}
		if err == nil && part.FormName() == file && u.Path == "" {
			u.FileName = part.FileName()
			u.Path, u.Size, err = spool(part, dir, max)
		} else if err == nil {
			var b []byte
			b, err = io.ReadAll(io.LimitReader(part, maxUploadField+1))
			if err == nil && len(b) > maxUploadField {
				err = cx.Errorf(cx.TooLarge, "the field %s is larger than %d bytes", part.FormName(), maxUploadField)
			}
			u.Values[part.FormName()] = string(b)
		}
		if err != nil {
			if u.Path != "" {
				os.Remove(u.Path)
			}
			return Upload{}, uploadError(err, file, max)
		}
	}
}

// spool copies a file part to a new file in dir, at most max bytes.
func spool(part io.Reader, dir string, max int64) (string, int64, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", 0, err
	}
	f, err := os.CreateTemp(dir, "upload-*.csv")
	if err != nil {
		return "", 0, err
	}
	n, err := io.Copy(f, io.LimitReader(part, max+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > max {
		err = tooLarge(max)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", 0, err
	}
	if n == 0 {
		os.Remove(f.Name())
		return "", 0, nil
	}
	return f.Name(), n, nil
}

func tooLarge(max int64) error {
	e := cx.FieldErrorf("file", "the file is larger than %d MB", max>>20)
	e.Code = cx.TooLarge
	return e
}

// uploadError turns what stopped reading a form into an error for people.
func uploadError(err error, file string, max int64) error {
	switch {
	case cx.AsError(err) != nil:
		return err
	case IsTooLarge(err):
		return tooLarge(max)
	case strings.Contains(err.Error(), "multipart"):
		return cx.FieldErrorf(file, "the form could not be read: send it again")
	}
	return err
}
