package text

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"cxm/internal/cx"
)

// Aspect is one thing customers talk about (the price, the staff), with
// the phrases that name it. Phrases match whole words of the folded text,
// so "nhân viên" also finds "nhan vien" and "nv".
type Aspect struct {
	Key     string   `json:"key"`
	Phrases []string `json:"phrases"`
}

// AspectSentiment is an aspect a text mentions and what it says of it.
type AspectSentiment struct {
	Aspect    string    `json:"aspect"`
	Sentiment Sentiment `json:"sentiment"`
}

// The default taxonomy's keys, shared by shops, cafés and online stores.
const (
	AspectProductQuality = "product_quality"
	AspectPrice          = "price"
	AspectStaff          = "staff"
	AspectWaitTime       = "wait_time"
	AspectDelivery       = "delivery"
	AspectCleanliness    = "cleanliness"
	AspectAmbience       = "ambience"
	AspectPayment        = "payment"
	AspectAppWebsite     = "app_website"
	AspectPromotion      = "promotion"
	AspectSupport        = "support"
)

// notAspect holds phrases that contain an aspect's words but name none
// ("khách hàng" is not the goods, "hàng"); matched first, they hide them.
const notAspect = ""

// defaultPhrases are the default aspects' phrases, "|"-separated.
var defaultPhrases = map[string]string{
	notAspect: "khach hang|cua hang|ngan hang|don hang|cho minh|cho em|cho toi|cho hoi|don hang cua|dat ban|dat lich|" +
		"the whole team|thank you|membership card|dat mon|co nuoc",
	AspectProductQuality: "chat luong|san pham|hang hoa|chat lieu|vai|mau|do an|mon|mon an|thuc an|do uong|nuoc|" +
		"ca phe|cafe|tra sua|tra dao|tra|banh|banh mi|pho|com|bun|sinh to|nuoc ep|vi|huong vi|ngon|dam da|" +
		"nhat nheo|thiu|tuoi|cung ngac|tran chau|kem duong|kem chong nang|son|pin|hang|giay|ao|lam toc|toc|" +
		"massage|lam ky|tay nghe|da min|noi man|xai|dung duoc|loang|khong te|khong che|" +
		"food|dish|dishes|drink|drinks|coffee|tea|cake|croissant|sandwich|noodles|broth|juice|taste|tasty|" +
		"tasted|delicious|bland|flavour|flavor|quality|product|item|fabric|shirt|shoes|jacket|battery|" +
		"moisturiser|treatment|massage|hair|skin|portion|bread|flat white|latte|fits|colour|fresh|stale",
	AspectPrice: "gia|gia ca|gia tien|dat qua|dat do|dat ma|mac qua|gia re|re|dang tien|phi|phi ship|" +
		"phi giao hang|chi phi|bao nhieu tien|tang gia|gia goc|nghin|phi tien|tien hang|" +
		"price|prices|priced|overpriced|pricey|expensive|cheap|cost|costs|fee|fees|value|worth the money|" +
		"waste of money|how much",
	AspectStaff: "nhan vien|phuc vu|thu ngan|quan ly|bao ve|ky thuat vien|ban hang|thai do|nhiet tinh|" +
		"than thien|le phep|lich su|cau co|tu van mon|ae nhan vien|" +
		"staff|waiter|waitress|barista|cashier|manager|therapist|employee|sales assistant|assistant|" +
		"security|friendly|rude|polite|attentive|knowledgeable",
	AspectWaitTime: "cho lau|phai cho|ngoi cho|cho doi|cho gan|cho ca|cho hon|cho 1|doi lau|phai doi|doi gan|doi 1|doi ca|" +
		"lau|lau qua|phuc vu nhanh|phuc vu cham|cham chap|ra mon|len mon|xep hang|" +
		"queue|wait|waited|waiting|on hold|took forever|slow service|quick service|fast service|an hour|" +
		"forty minutes|no waiting|came as soon",
	AspectDelivery: "giao hang|giao|shipper|van chuyen|dong goi|nhan hang|nhan duoc hang|giao nham|hang ve|" +
		"hang giao|courier|delivery|delivered|deliver|shipping|shipped|parcel|package|packed|arrived|arrive|" +
		"driver|box",
	AspectCleanliness: "sach|sach se|ban qua|do qua|ve sinh|nha ve sinh|toilet|ruoi|rac|boc mui|khan|" +
		"ga giuong|vet ban|ban dinh|rua|clean|dirty|filthy|restroom|restrooms|towels|stains|sticky|flies|" +
		"rubbish|spotless|hygiene|smelled|floors|soap",
	AspectAmbience: "khong gian|nhac|view|decor|on ao|yen tinh|may lanh|dieu hoa|nong qua|chat choi|" +
		"thoang|chill|quan dep|quan xinh|chup hinh|thu gian|" +
		"atmosphere|music|noisy|loud|quiet|space|decor|air conditioning|ac|too hot|cramped|cozy|" +
		"airy|comfortable|calming|relaxing|photos",
	AspectPayment: "thanh toan|quet the|nhan the|chuyen khoan|tien mat|momo|vi dien tu|ma qr|qr|hoa don|" +
		"hoan tien|tru tien|tra gop|" +
		"payment|pay|paying|paid|card|cards|cash|refund|charged|invoice|vat|wallet|e-wallet|qr code",
	AspectAppWebsite: "app|ung dung|web|website|trang web|dang nhap|mat khau|gio hang|load|lag|cap nhat|" +
		"site|password|logging|sign in|cart|login|log in",
	AspectPromotion: "khuyen mai|giam gia|voucher|ma giam gia|tich diem|doi qua|qua tang|duoc tang|" +
		"mua mot tang mot|flash sale|sale|freeship|the thanh vien|thanh vien|uu dai|" +
		"discount|promo|promo code|discount code|promotion|promotions|points|rewards|buy one get one|" +
		"membership|members|deal",
	AspectSupport: "ho tro|cham soc khach hang|tong dai|hotline|tong dai vien|khieu nai|tra loi|inbox|" +
		"nhan tin|bao hanh|doi tra|doi hang|goi lai|lien lac|zalo|email|huong dan|xu ly|" +
		"support|customer service|customer care|helpline|complaint|warranty|reply|replied|answered|" +
		"messaged|chat|call back|called me back|exchange|returns|picked up",
}

// DefaultAspects gives the default taxonomy.
func DefaultAspects() []Aspect {
	keys := make([]string, 0, len(defaultPhrases))
	for k := range defaultPhrases {
		if k != notAspect {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	out := make([]Aspect, 0, len(keys))
	for _, k := range keys {
		out = append(out, Aspect{Key: k, Phrases: strings.Split(defaultPhrases[k], "|")})
	}
	return out
}

// aspectPhrase is one folded phrase and the aspect it names.
type aspectPhrase struct {
	words  []string
	aspect string
}

// aspectSet finds aspects in folded words: the longest phrase wins, and a
// word belongs to one phrase at most.
type aspectSet struct {
	byFirst map[string][]aspectPhrase // by first word, longest first
}

var aspectKey = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// Limits on a workspace's own aspects.
const (
	maxAspects       = 50
	maxAspectPhrases = 200
	maxPhraseBytes   = 100
)

// newAspectSet compiles aspects, refusing keys and phrases the rules
// above do not allow.
func newAspectSet(aspects []Aspect) (*aspectSet, error) {
	if len(aspects) > maxAspects+len(defaultPhrases) {
		return nil, cx.FieldErrorf("aspects", "at most %d aspects", maxAspects)
	}
	s := &aspectSet{byFirst: map[string][]aspectPhrase{}}
	add := func(key, p string) {
		var words []string
		for _, t := range tokenize(p) {
			if t.kind == kindWord || t.kind == kindNum {
				words = append(words, t.fold)
			}
		}
		if len(words) > 0 {
			s.byFirst[words[0]] = append(s.byFirst[words[0]], aspectPhrase{words, key})
		}
	}
	for _, p := range strings.Split(defaultPhrases[notAspect], "|") {
		add(notAspect, p)
	}
	for _, a := range aspects {
		if !aspectKey.MatchString(a.Key) {
			return nil, cx.FieldErrorf("aspects", "aspect key %q must be lower-case letters, digits and _", a.Key)
		}
		if len(a.Phrases) == 0 || len(a.Phrases) > maxAspectPhrases {
			return nil, cx.FieldErrorf("aspects", "aspect %q needs 1 to %d phrases", a.Key, maxAspectPhrases)
		}
		for _, p := range a.Phrases {
			if !utf8.ValidString(p) || strings.ContainsRune(p, 0) || strings.TrimSpace(p) == "" || len(p) > maxPhraseBytes {
				return nil, cx.FieldErrorf("aspects", "an aspect phrase must be text of 1 to %d bytes", maxPhraseBytes)
			}
			add(a.Key, p)
		}
	}
	for k, list := range s.byFirst {
		sort.SliceStable(list, func(i, j int) bool { return len(list[i].words) > len(list[j].words) })
		s.byFirst[k] = list
	}
	return s, nil
}

// find lists the aspects named in a run of folded words, in order of
// first mention, each once.
func (s *aspectSet) find(words []string) []string {
	var out []string
	for i := 0; i < len(words); {
		n := 1
		for _, p := range s.byFirst[words[i]] {
			if i+len(p.words) <= len(words) && equalWords(words[i:i+len(p.words)], p.words) {
				n = len(p.words)
				if p.aspect != notAspect && !containsString(out, p.aspect) {
					out = append(out, p.aspect)
				}
				break
			}
		}
		i += n
	}
	return out
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
