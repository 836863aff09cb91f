package sqlstore

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/parley-talks/parley/auditlog"
	"github.com/parley-talks/parley/seal"
)

// dataKey returns the data key of the talks, read once per transaction
// and kept by the backend once the transaction commits.
func (t *Tx) dataKey(ctx context.Context, talksID int64) (seal.Key, error) {
	if k, ok := t.dataKeys[talksID]; ok {
		return k, nil
	}
	if k, ok := t.mem.dataKey(talksID); ok {
		return k, nil
	}
	var wrapped []byte
	if err := t.queryRow(ctx, `SELECT wrapped FROM talks_keys WHERE talks_id = ?`, talksID).Scan(&wrapped); err != nil {
		return seal.Key{}, fmt.Errorf("the data key of talks %d: %w", talksID, err)
	}
	k, err := t.keys.DataKey(talksID, wrapped)
	if err != nil {
		return k, err
	}
	if t.dataKeys == nil {
		t.dataKeys = map[int64]seal.Key{}
	}
	t.dataKeys[talksID] = k
	return k, nil
}

const keyCheckSetting = "master_key_check"

var keyCheckAAD = []byte("parley master key check")

// CheckMasterKey makes sure the keyring's master key is the database's: on
// a new database it records a value sealed with the key; on an existing
// one it opens that value, and fails with a clear error if it cannot.
func (t *Tx) CheckMasterKey(ctx context.Context) error {
	v, err := t.Setting(ctx, keyCheckSetting)
	if err != nil {
		return err
	}
	if v == "" {
		sealed := seal.Seal(t.keys.Master(), []byte("parley"), keyCheckAAD)
		return t.PutSetting(ctx, keyCheckSetting, base64.StdEncoding.EncodeToString(sealed))
	}
	sealed, err := base64.StdEncoding.DecodeString(v)
	if err == nil {
		_, err = seal.Open(t.keys.Master(), sealed, keyCheckAAD)
	}
	if err != nil {
		return errors.New("the master key does not belong to this database; give the key it was created with (--key-file or PARLEY_MASTER_KEY)")
	}
	return nil
}

// RewrapKeys re-wraps every talks' data key, the audit signing key and the
// key check under a new master key. Commit the transaction only once the new key is safely
// stored.
func (t *Tx) RewrapKeys(ctx context.Context, newMaster seal.Key) (_ int, err error) {
	defer func() { err = failed(err, "re-wrapping the keys") }()
	rows, err := t.query(ctx, `SELECT talks_id, wrapped FROM talks_keys ORDER BY talks_id`)
	all, err := collect(rows, err, scanSealedRow)
	if err != nil {
		return 0, err
	}
	for _, r := range all {
		data, err := t.keys.DataKey(r.id, r.body)
		if err != nil {
			return 0, err
		}
		if _, err := t.exec(ctx, `UPDATE talks_keys SET wrapped = ? WHERE talks_id = ?`, newMaster.Wrap(data, r.id), r.id); err != nil {
			return 0, err
		}
		if err := t.track(ctx, "talks_keys", r.id); err != nil {
			return 0, err
		}
	}
	// Record the new wrappings while the signing key is still sealed under
	// the old master key.
	if len(all) > 0 {
		err := t.AppendAudit(ctx, auditlog.Record{Time: t.now().UTC(), Actor: "operator", Action: "keys.rotate",
			Object: "keys/master", Details: map[string]any{"talks": len(all)}})
		if err != nil {
			return 0, err
		}
	}
	if v, err := t.Setting(ctx, signingKeySetting); err != nil {
		return 0, err
	} else if v != "" {
		sealed, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			return 0, err
		}
		skey, err := seal.Open(t.keys.Master(), sealed, signingKeyAAD)
		if err != nil {
			return 0, fmt.Errorf("the audit signing key: %w", err)
		}
		resealed := seal.Seal(newMaster, skey, signingKeyAAD)
		if err := t.PutSetting(ctx, signingKeySetting, base64.StdEncoding.EncodeToString(resealed)); err != nil {
			return 0, err
		}
	}
	sealed := seal.Seal(newMaster, []byte("parley"), keyCheckAAD)
	return len(all), t.PutSetting(ctx, keyCheckSetting, base64.StdEncoding.EncodeToString(sealed))
}
