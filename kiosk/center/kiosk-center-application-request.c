/* kiosk-center-application-request.c — the data sent with a green-channel application */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-center"

#include "kiosk-center-application-request.h"

G_DEFINE_BOXED_TYPE (KioskCenterApplicationRequest,
                     kiosk_center_application_request,
                     kiosk_center_application_request_copy,
                     kiosk_center_application_request_free)

KioskCenterApplicationRequest *
kiosk_center_application_request_new (void)
{
  return g_new0 (KioskCenterApplicationRequest, 1);
}

KioskCenterApplicationRequest *
kiosk_center_application_request_copy (const KioskCenterApplicationRequest *request)
{
  KioskCenterApplicationRequest *copy;

  g_return_val_if_fail (request != NULL, NULL);

  copy = kiosk_center_application_request_new ();
  copy->id_number = g_strdup (request->id_number);
  copy->name = g_strdup (request->name);
  copy->nation = g_strdup (request->nation);
  copy->phone = g_strdup (request->phone);
  copy->postal_code = g_strdup (request->postal_code);
  copy->address = g_strdup (request->address);
  copy->bank = g_strdup (request->bank);
  if (request->photo != NULL)
    copy->photo = g_bytes_ref (request->photo);
  return copy;
}

void
kiosk_center_application_request_free (KioskCenterApplicationRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->id_number);
  g_free (request->name);
  g_free (request->nation);
  g_free (request->phone);
  g_free (request->postal_code);
  g_free (request->address);
  g_free (request->bank);
  g_clear_pointer (&request->photo, g_bytes_unref);
  g_free (request);
}
