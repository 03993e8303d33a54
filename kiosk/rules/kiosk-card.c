#include "config.h"

#define G_LOG_DOMAIN "kiosk-rules"

#include "kiosk-card.h"

#include "kiosk-wipe.h"

G_DEFINE_BOXED_TYPE (KioskCard, kiosk_card, kiosk_card_copy, kiosk_card_free)

KioskCard *
kiosk_card_new (KioskCardKind kind)
{
  KioskCard *card = g_new0 (KioskCard, 1);

  card->kind = kind;
  card->stage = KIOSK_CARD_STAGE_APPLIED;
  card->pre_account_failure = KIOSK_PRE_ACCOUNT_FAILURE_NONE;
  g_date_clear (&card->issued_on, 1);
  g_date_clear (&card->financial_activated_on, 1);
  g_date_clear (&card->temporary_loss_on, 1);
  g_date_clear (&card->formal_loss_social_on, 1);
  g_date_clear (&card->formal_loss_financial_on, 1);
  g_date_clear (&card->temporary_valid_until, 1);
  return card;
}

KioskCard *
kiosk_card_copy (const KioskCard *card)
{
  KioskCard *copy;

  g_return_val_if_fail (card != NULL, NULL);

  copy = g_new (KioskCard, 1);
  *copy = *card;
  copy->card_number = g_strdup (card->card_number);
  copy->bank = g_strdup (card->bank);
  copy->window = g_strdup (card->window);
  return copy;
}

void
kiosk_card_free (KioskCard *card)
{
  if (card == NULL)
    return;
  kiosk_clear_string (&card->card_number);
  g_free (card->bank);
  g_free (card->window);
  g_free (card);
}

gboolean
kiosk_card_formally_lost (const KioskCard *card, KioskCardFunction function)
{
  g_return_val_if_fail (card != NULL, FALSE);

  return ((function & KIOSK_CARD_FUNCTION_SOCIAL) && card->formal_loss_social)
         || ((function & KIOSK_CARD_FUNCTION_FINANCIAL) && card->formal_loss_financial);
}

gboolean
kiosk_card_in_hand (const KioskCard *card)
{
  g_return_val_if_fail (card != NULL, FALSE);

  return card->stage >= KIOSK_CARD_STAGE_COLLECTED && card->stage <= KIOSK_CARD_STAGE_LAST;
}

typedef struct
{
  const char *key;
  const char *label;
} Name;

static const Name kind_names[] = {
  [KIOSK_CARD_KIND_FORMAL] = { "formal", "社会保障卡" },
  [KIOSK_CARD_KIND_TEMPORARY] = { "temporary", "临时卡" },
};

static const Name stage_names[] = {
  [KIOSK_CARD_STAGE_APPLIED] = { "applied", "已申领" },
  [KIOSK_CARD_STAGE_PRE_ACCOUNT] = { "pre_account", "银行预开户中" },
  [KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED] = { "pre_account_failed", "银行预开户未成功" },
  [KIOSK_CARD_STAGE_IN_PRODUCTION] = { "in_production", "制卡中" },
  [KIOSK_CARD_STAGE_AT_WINDOW] = { "at_window", "已制成，待领取" },
  [KIOSK_CARD_STAGE_COLLECTED] = { "collected", "已领取" },
  [KIOSK_CARD_STAGE_FINANCIAL_ACTIVE] = { "financial_active", "金融功能已激活" },
  [KIOSK_CARD_STAGE_SOCIAL_ACTIVE] = { "social_active", "社保功能已激活" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (stage_names) == KIOSK_CARD_STAGE_LAST + 1);

typedef struct
{
  const char *key;
  const char *label;
  const char *remedy;
} FailureName;

static const FailureName failure_names[] = {
  [KIOSK_PRE_ACCOUNT_FAILURE_NONE] = { "none", "", "" },
  [KIOSK_PRE_ACCOUNT_FAILURE_PHOTO] = { "photo", "照片提取不成功",
                                        "请重新提交本人近期白底彩色电子版照片；也可以本人持身份证到"
                                        "社会保障卡综合服务窗口重新申领。" },
  [KIOSK_PRE_ACCOUNT_FAILURE_PHONE]
  = { "phone", "联系电话不合格",
      "请核对并重新提交本人有效的联系电话；也可以本人持身份证到社会保障卡综合服务窗口重新申领。" },
  [KIOSK_PRE_ACCOUNT_FAILURE_NAME_ID_MISMATCH]
  = { "name_id_mismatch", "身份证号码与姓名不符",
      "请核对姓名和身份证号码后重新提交；也可以本人持身份证到社会保障卡综合服务窗口重新申领。" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (failure_names) == KIOSK_PRE_ACCOUNT_FAILURE_LAST + 1);

const char *
kiosk_card_kind_to_string (KioskCardKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind].key;
}

gboolean
kiosk_card_kind_from_string (const char *text, KioskCardKind *out_kind)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_str_equal (text, kind_names[i].key))
        {
          if (out_kind != NULL)
            *out_kind = (KioskCardKind) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
kiosk_card_kind_to_label (KioskCardKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind].label;
}

const char *
kiosk_card_stage_to_string (KioskCardStage stage)
{
  g_return_val_if_fail ((guint) stage < G_N_ELEMENTS (stage_names), NULL);

  return stage_names[stage].key;
}

gboolean
kiosk_card_stage_from_string (const char *text, KioskCardStage *out_stage)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (stage_names); i++)
    {
      if (g_str_equal (text, stage_names[i].key))
        {
          if (out_stage != NULL)
            *out_stage = (KioskCardStage) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
kiosk_card_stage_to_label (KioskCardStage stage)
{
  g_return_val_if_fail ((guint) stage < G_N_ELEMENTS (stage_names), NULL);

  return stage_names[stage].label;
}

const char *
kiosk_pre_account_failure_to_string (KioskPreAccountFailure failure)
{
  g_return_val_if_fail ((guint) failure < G_N_ELEMENTS (failure_names), NULL);

  return failure_names[failure].key;
}

gboolean
kiosk_pre_account_failure_from_string (const char *text, KioskPreAccountFailure *out_failure)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (failure_names); i++)
    {
      if (g_str_equal (text, failure_names[i].key))
        {
          if (out_failure != NULL)
            *out_failure = (KioskPreAccountFailure) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
kiosk_pre_account_failure_to_label (KioskPreAccountFailure failure)
{
  g_return_val_if_fail ((guint) failure < G_N_ELEMENTS (failure_names), NULL);

  return failure_names[failure].label;
}

const char *
kiosk_pre_account_failure_to_remedy (KioskPreAccountFailure failure)
{
  g_return_val_if_fail ((guint) failure < G_N_ELEMENTS (failure_names), NULL);

  return failure_names[failure].remedy;
}

const char *
kiosk_card_function_to_label (KioskCardFunction function)
{
  switch (function & KIOSK_CARD_FUNCTION_BOTH)
    {
      case KIOSK_CARD_FUNCTION_SOCIAL:
        return "社保功能";
      case KIOSK_CARD_FUNCTION_FINANCIAL:
        return "金融功能";
      case KIOSK_CARD_FUNCTION_BOTH:
        return "社保功能和金融功能";
      default:
        return NULL;
    }
}
