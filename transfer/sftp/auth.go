package sftp

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"portside/transfer"
)

// auth is one login's methods and what went wrong with them, so that a
// refusal can say more than the library's "no supported methods remain".
//
// The order is OpenSSH's (publickey, keyboard-interactive, password), and
// the library skips any method the server does not list as one that can
// continue: what the server offers decides, as with ssh.
type auth struct {
	cfg   Config
	pause func(func()) // lifts the handshake's deadline while the user or a key derivation is busy

	mu       sync.Mutex
	problems []error // keys that could not be read, an agent that did not answer
	agent    io.Closer
}

func newAuth(cfg Config, pause func(func())) *auth { return &auth{cfg: cfg, pause: pause} }

func (a *auth) note(err error) {
	a.mu.Lock()
	a.problems = append(a.problems, err)
	a.mu.Unlock()
}

func (a *auth) methods() []ssh.AuthMethod {
	var m []ssh.AuthMethod
	if a.cfg.Agent || len(a.cfg.KeyFiles) > 0 {
		m = append(m, ssh.PublicKeysCallback(func() (out []ssh.Signer, err error) {
			a.pause(func() { out, err = a.signers() })
			return out, err
		}))
	}
	if a.cfg.Answer != nil || a.cfg.Password != "" {
		m = append(m, ssh.KeyboardInteractive(func(name, instruction string, questions []string, echos []bool) (out []string, err error) {
			a.pause(func() { out, err = a.interactive(name, instruction, questions, echos) })
			return out, err
		}))
	}
	if a.cfg.Password != "" {
		m = append(m, ssh.Password(a.cfg.Password))
	}
	return m
}

// signers are the agent's keys, then the key files', read only when the
// server takes public keys: a passphrase is not asked for nothing.
func (a *auth) signers() ([]ssh.Signer, error) {
	var out []ssh.Signer
	if a.cfg.Agent {
		out = append(out, a.agentSigners()...)
	}
	for _, f := range a.cfg.KeyFiles {
		s, err := LoadKey(f, a.cfg.Passphrase)
		if err != nil {
			a.note(err)
			continue
		}
		out = append(out, s)
	}
	return out, nil
}

func (a *auth) agentSigners() []ssh.Signer {
	sock := a.cfg.AgentSocket
	if sock == "" {
		sock = os.Getenv("SSH_AUTH_SOCK")
	}
	c, err := dialAgent(sock)
	if errors.Is(err, errNoAgent) {
		a.note(errNoAgent)
		return nil
	}
	if err != nil {
		a.note(fmt.Errorf("reach the ssh-agent: %w", err))
		return nil
	}
	a.mu.Lock()
	a.agent = c
	a.mu.Unlock()
	signers, err := agent.NewClient(c).Signers()
	if err != nil {
		a.note(fmt.Errorf("list the ssh-agent's keys: %w", err))
	}
	return signers
}

// close ends what the login needed: the agent connection.
func (a *auth) close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.agent != nil {
		a.agent.Close()
		a.agent = nil
	}
}

// interactive answers keyboard-interactive: a lone hidden prompt with the
// password when there is one (PAM's "Password:" on servers that turned
// the password method off), anything else through Answer. The password
// is given once: a second round asking again means it was wrong.
func (a *auth) interactive(name, instruction string, questions []string, echos []bool) ([]string, error) {
	if len(questions) == 0 {
		return nil, nil // an information-only round
	}
	a.mu.Lock()
	pw := a.cfg.Password
	usePassword := pw != "" && len(questions) == 1 && !echos[0] &&
		strings.Contains(strings.ToLower(questions[0]), "password")
	if usePassword {
		a.cfg.Password = "" // the "password" method after this one has its own copy
	}
	a.mu.Unlock()
	if usePassword {
		return []string{pw}, nil
	}
	if a.cfg.Answer == nil {
		return nil, errNoAnswer
	}
	return a.cfg.Answer(Challenge{Name: name, Instruction: instruction, Questions: questions, Echo: echos})
}

var errNoAnswer = errors.New("the server asks questions that nobody is there to answer")

// explain turns the library's handshake errors into transfer's kinds,
// adding the key and agent problems met on the way.
func (a *auth) explain(err error) error {
	a.close()
	var changed *HostKeyChangedError
	if errors.As(err, &changed) || errors.Is(err, ErrHostKeyRejected) {
		return err
	}
	if strings.Contains(err.Error(), "unable to authenticate") {
		a.mu.Lock()
		defer a.mu.Unlock()
		return fmt.Errorf("%w: %w", transfer.ErrLogin, errors.Join(append([]error{err}, a.problems...)...))
	}
	return err
}

// LoadKey reads a private key file in OpenSSH or PEM form (ed25519, ECDSA,
// RSA). An encrypted key's passphrase comes from ask; nil ask fails it.
func LoadKey(file string, ask func(file string) (string, error)) (ssh.Signer, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read the key %s: %w", file, err)
	}
	s, err := ssh.ParsePrivateKey(b)
	var missing *ssh.PassphraseMissingError
	if !errors.As(err, &missing) {
		if err != nil {
			return nil, fmt.Errorf("read the key %s: %w", file, err)
		}
		return s, nil
	}
	if ask == nil {
		return nil, fmt.Errorf("read the key %s: %w", file, ErrNeedPassphrase)
	}
	pass, err := ask(file)
	if err != nil {
		return nil, fmt.Errorf("read the key %s: %w", file, err)
	}
	s, err = ssh.ParsePrivateKeyWithPassphrase(b, []byte(pass))
	if err != nil {
		return nil, fmt.Errorf("read the key %s: %w", file, ErrBadPassphrase)
	}
	return s, nil
}

var (
	ErrNeedPassphrase = errors.New("the key is encrypted and no passphrase was given")
	ErrBadPassphrase  = errors.New("the passphrase does not open the key")
)

// PassphraseOpens reports whether passphrase opens the key in file: a
// passphrase kept from an earlier run may belong to a replaced key.
func PassphraseOpens(file, passphrase string) bool {
	b, err := os.ReadFile(file)
	if err != nil {
		return false
	}
	_, err = ssh.ParsePrivateKeyWithPassphrase(b, []byte(passphrase))
	return err == nil
}

// OncePassphrase wraps ask so that each file's passphrase is asked once for
// all the connections that share the wrapper (a site's pool), and asked
// again only after it turned out wrong.
func OncePassphrase(ask func(file string) (string, error)) func(file string) (string, error) {
	var mu sync.Mutex
	known := map[string]string{}
	return func(file string) (string, error) {
		mu.Lock()
		defer mu.Unlock()
		if p, ok := known[file]; ok {
			return p, nil
		}
		p, err := ask(file)
		if err != nil {
			return "", err
		}
		// Kept only once it opens the key, so a typo is asked again.
		if b, rerr := os.ReadFile(file); rerr == nil {
			if _, perr := ssh.ParsePrivateKeyWithPassphrase(b, []byte(p)); perr == nil {
				known[file] = p
			}
		}
		return p, nil
	}
}
