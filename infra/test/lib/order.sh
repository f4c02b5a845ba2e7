# shellcheck shell=bash
# What the container tests and the newcomer drill share: an order placed through the edge proxy
# the way a customer's browser places it (the form, its CSRF token and submission id, the POST).

# form_field PAGE NAME: the value of a hidden form field.
form_field() {
  grep -o "name=\"$2\" value=\"[^\"]*\"" <<<"$1" | head -1 | sed 's/.*value="//; s/"$//'
}

# order_through_edge EDGE NAME EMAIL REQUEST: places the order at http://EDGE; prints its
# reference, or the answer on stderr and returns 1.
order_through_edge() {
  local jar page result
  jar="$(mktemp)"
  page="$(curl -fsS -c "$jar" -b "$jar" "http://$1/order")" || { rm -f "$jar"; return 1; }
  result="$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" \
    --data-urlencode "csrf-token=$(form_field "$page" csrf-token)" --data-urlencode "submission=$(form_field "$page" submission)" \
    --data-urlencode "name=$2" --data-urlencode "email=$3" --data-urlencode "phone=555 010 3333" \
    --data-urlencode "fulfilment=pickup" --data-urlencode "date=$(date -d '+6 days' +%F)" --data-urlencode "request=$4" \
    "http://$1/order")"
  rm -f "$jar"
  [[ "$result" == 303* ]] || { echo "order not accepted: $result" >&2; return 1; }
  echo "${result##*/}"
}
