package text

import "strings"

// The polarity lexicon, folded, Vietnamese and English. It gives the
// classifier a signal that carries across domains the training data does
// not cover; the weights are still learnt. Folded words that mean
// opposite things with their marks (ổn/ồn "fine/noisy", đắt/đặt
// "expensive/book", bẩn/bán "dirty/sell", nhạt/nhất) are left out or
// listed only inside a phrase.
const (
	positiveWords = "ngon|tot|tuyet|tuyet voi|hai long|nhiet tinh|de thuong|than thien|nhanh|nhanh chong|" +
		"sach|sach se|re|hop ly|thich|dep|xinh|chu dao|tien loi|thuan tien|tien|on ap|xuat sac|dang tien|" +
		"chuyen nghiep|lich su|le phep|chill|thom|tuoi|vui|vui ve|yeu|cam on|tan tinh|nhe nhang|" +
		"thoai mai|thu gian|uy tin|dam da|vua mieng|ngon lanh|hai long|xin xo|gia hoi|qua hoi|" +
		"dang|nhanh gon|dung nhu hinh|dung gio|nguyen ven|ton trong|giai quyet|gon|kip thoi|hoi tham|dang cho|de dung|" +
		"gia mem|kho rao|ổn|xịn|hời|mát|êm|vừa vặn|" +
		"chat luong tot|on dinh|tuyet hao|hoan hao|10 diem|5 sao|ung y|recommend|" +
		"good|great|excellent|amazing|awesome|love|loved|lovely|friendly|helpful|fast|quick|clean|" +
		"delicious|tasty|fresh|perfect|nice|beautiful|best|happy|wonderful|fantastic|superb|cheap|" +
		"reasonable|value|polite|kind|attentive|easy|smooth|comfortable|relaxing|relaxed|cozy|worth|" +
		"skilled|professional|appreciated|enjoy|enjoyed|pleasant|satisfied|impressed|cute|generous|" +
		"thorough|patiently|quickly|well|thank you|thanks|sorted|fixed|replaced|right away|on time|intact|" +
		"earlier than expected|helped|walked me through"
	negativeWords = "te|do te|kem|chan|that vong|buc minh|buc|kho chiu|cham|cham chap|lau|lau qua|" +
		"cho lau|doi lau|loang|thai do|cau co|lua dao|lua|bi vo|mop|thiu|hu|hu hong|phi tien|qua loa|" +
		"ep|khong ai|toi te|kinh khung|ghe|ngan|bat tien|kho chiu|kem chat luong|tre|giao tre|so sai|xau|" +
		"cau tha|on ao|bi loi|bao loi|loi|chan that|buon|that vong|te hai|du|cai|quat|khong bao gio|" +
		"dat qua|mac qua|ban qua|hỏng|bi vang|vang ra|lag|ngot khe|dau bung|noi man|phai mau|gia tang|thieu|that bai|" +
		"đắt|bẩn|dở|dơ|do qua|ồn|nhạt|mắc|chậm|nguội|mỏng|tiếc|phan nan|khieu nai|dong qua|qua dong|chen chuc|" +
		"cho <num> phut|doi <num> phut|cho <num> tieng|doi <num> tieng|waited <num>|" +
		"bad|terrible|awful|horrible|worst|rude|slow|dirty|filthy|stale|expensive|overpriced|pricey|" +
		"disappointed|disappointing|broken|late|wrong|poor|bland|watery|sour|burnt|soggy|noisy|loud|" +
		"crowded|cramped|unacceptable|waste|scam|fake|ignored|unhelpful|useless|annoying|crash|crashes|" +
		"crashed|failed|fail|error|problem|complaint|complain|charged|damaged|crushed|hate|fed up|" +
		"forever|ridiculous|ridiculously|sticky|unpleasant|pressured|pushing|disrespectfully|rash|off|" +
		"never|not working|rejected|faded|threw|overcharged|argued|pending|not seen until|repeat|" +
		"passing the buck|postponing|tiny|taken|too high|instead"
)

// phrase is one lexicon entry.
type phrase struct {
	words  []string
	sign   string // "+" or "-"
	marked bool   // written with marks: matches only text typed with them
}

// lexicon is what features need besides the text: the dictionary and the
// polarity phrases.
type lexicon struct {
	dict    *dictionary
	byFirst map[string][]phrase // by first word
}

func newLexicon(d *dictionary) *lexicon {
	l := &lexicon{dict: d, byFirst: map[string][]phrase{}}
	seen := map[string]bool{}
	for _, list := range []struct{ words, sign string }{{positiveWords, "+"}, {negativeWords, "-"}} {
		for _, w := range strings.Split(list.words, "|") {
			if w == "" || seen[w] {
				continue
			}
			seen[w] = true
			words := strings.Fields(w)
			l.byFirst[words[0]] = append(l.byFirst[words[0]], phrase{words, list.sign, FoldVietnamese(w) != w})
		}
	}
	return l
}
