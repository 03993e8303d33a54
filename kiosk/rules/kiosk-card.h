/* kiosk-card.h — one card's state, as the rules see it
 *
 * A plain struct filled in by whoever knows the card (the center, a test).
 * The lifecycle of RULES.md ("Card lifecycle"):
 *   applied → bank pre-account (→ failed, with a reason of R3) → in production
 *   → at a window for pickup → collected → financial function active (usable
 *   the next day, R20) → social function active (R19).
 * Loss lives beside the stage, not in it: temporary loss (R6) → unblocked
 * (R7) or formally lost per function (R8) → replaced (R10).
 *
 * A GDate field that is not set is invalid (g_date_valid() is FALSE);
 * kiosk_card_new() clears every date.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  KIOSK_CARD_KIND_FORMAL,    /* 二代社保卡 */
  KIOSK_CARD_KIND_TEMPORARY, /* 临时卡 (R12–R15) */
} KioskCardKind;

typedef enum
{
  KIOSK_CARD_STAGE_APPLIED,            /* 已申领 */
  KIOSK_CARD_STAGE_PRE_ACCOUNT,        /* 银行预开户中 */
  KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED, /* 银行预开户失败 (see pre_account_failure, R3) */
  KIOSK_CARD_STAGE_IN_PRODUCTION,      /* 制卡中 */
  KIOSK_CARD_STAGE_AT_WINDOW,          /* 已制成，待领取 (at card->window) */
  KIOSK_CARD_STAGE_COLLECTED,          /* 已领取 (in the holder's hands) */
  KIOSK_CARD_STAGE_FINANCIAL_ACTIVE,   /* 金融功能已激活 (R18; usable next day, R20) */
  KIOSK_CARD_STAGE_SOCIAL_ACTIVE,      /* 社保功能已激活 (R19) */
} KioskCardStage;

#define KIOSK_CARD_STAGE_LAST KIOSK_CARD_STAGE_SOCIAL_ACTIVE

/* R3: why the bank pre-account opening failed. */
typedef enum
{
  KIOSK_PRE_ACCOUNT_FAILURE_NONE,
  KIOSK_PRE_ACCOUNT_FAILURE_PHOTO,            /* 照片提取不成功 */
  KIOSK_PRE_ACCOUNT_FAILURE_PHONE,            /* 联系电话不合格 */
  KIOSK_PRE_ACCOUNT_FAILURE_NAME_ID_MISMATCH, /* 身份证号及姓名不符 */
} KioskPreAccountFailure;

#define KIOSK_PRE_ACCOUNT_FAILURE_LAST KIOSK_PRE_ACCOUNT_FAILURE_NAME_ID_MISMATCH

/* The two functions of a card, which live separate lives (R8). */
typedef enum
{
  KIOSK_CARD_FUNCTION_SOCIAL = 1 << 0,    /* 社保功能 */
  KIOSK_CARD_FUNCTION_FINANCIAL = 1 << 1, /* 金融功能 */
  KIOSK_CARD_FUNCTION_BOTH = KIOSK_CARD_FUNCTION_SOCIAL | KIOSK_CARD_FUNCTION_FINANCIAL,
} KioskCardFunction;

typedef struct
{
  char *card_number; /* 9 characters on a formal card; may be NULL before production */
  KioskCardKind kind;
  KioskCardStage stage;
  KioskPreAccountFailure pre_account_failure; /* set when stage is PRE_ACCOUNT_FAILED */
  char *bank;   /* the one co-branded bank (R5), e.g. "建设银行"; may be NULL */
  char *window; /* pickup window: a key into the 附件2 list; may be NULL */

  GDate issued_on;              /* day the card was made/handed out, if known */
  GDate financial_activated_on; /* R18/R20; invalid = not activated */
  gboolean social_activated;    /* R19 */

  GDate temporary_loss_on;        /* R6: day of the current temporary loss; invalid = none
                                   * (cleared again by an unblock, R7) */
  gboolean formal_loss_social;    /* R8 */
  GDate formal_loss_social_on;    /* R8 */
  gboolean formal_loss_financial; /* R8 */
  GDate formal_loss_financial_on; /* R8 */

  gboolean damaged;  /* R10, R15 */
  gboolean replaced; /* R10/R15: a replacement was issued; this card is void */

  /* Temporary cards only (R13, R14). */
  GDate temporary_valid_until; /* last day on which the temporary card is valid */
  gboolean handed_back;        /* R14: handed back when the formal card was collected */
} KioskCard;

#define KIOSK_TYPE_CARD (kiosk_card_get_type ())
GType kiosk_card_get_type (void) G_GNUC_CONST;

KioskCard *kiosk_card_new (KioskCardKind kind);
KioskCard *kiosk_card_copy (const KioskCard *card);
void kiosk_card_free (KioskCard *card);

/* TRUE if at least one function is formally lost (R8, R9). */
gboolean kiosk_card_formally_lost (const KioskCard *card, KioskCardFunction function);

/* TRUE if the card has left production and is in the holder's hands
 * (stage COLLECTED or later). */
gboolean kiosk_card_in_hand (const KioskCard *card);

/* Stable lower-case keys for storage and JSON ("in_production"), Chinese
 * labels for the citizen ("制卡中"), and parsing of the keys (FALSE on
 * anything else). Labels and keys are static strings. */
const char *kiosk_card_kind_to_string (KioskCardKind kind);
gboolean kiosk_card_kind_from_string (const char *text, KioskCardKind *out_kind);
const char *kiosk_card_kind_to_label (KioskCardKind kind);

const char *kiosk_card_stage_to_string (KioskCardStage stage);
gboolean kiosk_card_stage_from_string (const char *text, KioskCardStage *out_stage);
const char *kiosk_card_stage_to_label (KioskCardStage stage);

const char *kiosk_pre_account_failure_to_string (KioskPreAccountFailure failure);
gboolean kiosk_pre_account_failure_from_string (const char *text,
                                                KioskPreAccountFailure *out_failure);
/* R3: what went wrong, in Chinese ("照片无法提取"), and what the citizen does
 * about it (re-submit a white-background colour photo, or re-apply in person
 * at a service window with an ID card). NONE gives "" for both. */
const char *kiosk_pre_account_failure_to_label (KioskPreAccountFailure failure);
const char *kiosk_pre_account_failure_to_remedy (KioskPreAccountFailure failure);

/* "社保功能", "金融功能", "社保功能和金融功能"; NULL for 0. */
const char *kiosk_card_function_to_label (KioskCardFunction function);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCard, kiosk_card_free)

G_END_DECLS
