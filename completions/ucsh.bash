_ucsh() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="ucsh"
                ;;
            ucsh,cluster)
                cmd="ucsh__subcmd__cluster"
                ;;
            ucsh,delete)
                cmd="ucsh__subcmd__delete"
                ;;
            ucsh,exit)
                cmd="ucsh__subcmd__exit"
                ;;
            ucsh,file)
                cmd="ucsh__subcmd__file"
                ;;
            ucsh,help)
                cmd="ucsh__subcmd__help"
                ;;
            ucsh,quit)
                cmd="ucsh__subcmd__quit"
                ;;
            ucsh,run)
                cmd="ucsh__subcmd__run"
                ;;
            ucsh,set)
                cmd="ucsh__subcmd__set"
                ;;
            ucsh,show)
                cmd="ucsh__subcmd__show"
                ;;
            ucsh,utils)
                cmd="ucsh__subcmd__utils"
                ;;
            ucsh__subcmd__cluster,branding-file)
                cmd="ucsh__subcmd__cluster__subcmd__branding__subcmd__file"
                ;;
            ucsh__subcmd__cluster,device)
                cmd="ucsh__subcmd__cluster__subcmd__device"
                ;;
            ucsh__subcmd__cluster,em)
                cmd="ucsh__subcmd__cluster__subcmd__em"
                ;;
            ucsh__subcmd__cluster,emcc)
                cmd="ucsh__subcmd__cluster__subcmd__emcc"
                ;;
            ucsh__subcmd__cluster,fault)
                cmd="ucsh__subcmd__cluster__subcmd__fault"
                ;;
            ucsh__subcmd__cluster,grow)
                cmd="ucsh__subcmd__cluster__subcmd__grow"
                ;;
            ucsh__subcmd__cluster,ha)
                cmd="ucsh__subcmd__cluster__subcmd__ha"
                ;;
            ucsh__subcmd__cluster,headset)
                cmd="ucsh__subcmd__cluster__subcmd__headset"
                ;;
            ucsh__subcmd__cluster,im-address-scheme)
                cmd="ucsh__subcmd__cluster__subcmd__im__subcmd__address__subcmd__scheme"
                ;;
            ucsh__subcmd__cluster,import)
                cmd="ucsh__subcmd__cluster__subcmd__import"
                ;;
            ucsh__subcmd__cluster,info)
                cmd="ucsh__subcmd__cluster__subcmd__info"
                ;;
            ucsh__subcmd__cluster,init)
                cmd="ucsh__subcmd__cluster__subcmd__init"
                ;;
            ucsh__subcmd__cluster,login)
                cmd="ucsh__subcmd__cluster__subcmd__login"
                ;;
            ucsh__subcmd__cluster,pacing)
                cmd="ucsh__subcmd__cluster__subcmd__pacing"
                ;;
            ucsh__subcmd__cluster,serve)
                cmd="ucsh__subcmd__cluster__subcmd__serve"
                ;;
            ucsh__subcmd__cluster,trace-level)
                cmd="ucsh__subcmd__cluster__subcmd__trace__subcmd__level"
                ;;
            ucsh__subcmd__cluster,traces)
                cmd="ucsh__subcmd__cluster__subcmd__traces"
                ;;
            ucsh__subcmd__cluster__subcmd__device,register)
                cmd="ucsh__subcmd__cluster__subcmd__device__subcmd__register"
                ;;
            ucsh__subcmd__cluster__subcmd__device,unregister)
                cmd="ucsh__subcmd__cluster__subcmd__device__subcmd__unregister"
                ;;
            ucsh__subcmd__cluster__subcmd__em,api)
                cmd="ucsh__subcmd__cluster__subcmd__em__subcmd__api"
                ;;
            ucsh__subcmd__cluster__subcmd__em,login)
                cmd="ucsh__subcmd__cluster__subcmd__em__subcmd__login"
                ;;
            ucsh__subcmd__cluster__subcmd__em,logout)
                cmd="ucsh__subcmd__cluster__subcmd__em__subcmd__logout"
                ;;
            ucsh__subcmd__cluster__subcmd__em,set-param)
                cmd="ucsh__subcmd__cluster__subcmd__em__subcmd__set__subcmd__param"
                ;;
            ucsh__subcmd__cluster__subcmd__emcc,disable-user)
                cmd="ucsh__subcmd__cluster__subcmd__emcc__subcmd__disable__subcmd__user"
                ;;
            ucsh__subcmd__cluster__subcmd__emcc,enable-user)
                cmd="ucsh__subcmd__cluster__subcmd__emcc__subcmd__enable__subcmd__user"
                ;;
            ucsh__subcmd__cluster__subcmd__emcc,login)
                cmd="ucsh__subcmd__cluster__subcmd__emcc__subcmd__login"
                ;;
            ucsh__subcmd__cluster__subcmd__emcc,logout)
                cmd="ucsh__subcmd__cluster__subcmd__emcc__subcmd__logout"
                ;;
            ucsh__subcmd__cluster__subcmd__emcc,remote-cluster)
                cmd="ucsh__subcmd__cluster__subcmd__emcc__subcmd__remote__subcmd__cluster"
                ;;
            ucsh__subcmd__cluster__subcmd__emcc,security-mode)
                cmd="ucsh__subcmd__cluster__subcmd__emcc__subcmd__security__subcmd__mode"
                ;;
            ucsh__subcmd__cluster__subcmd__emcc,service-profile)
                cmd="ucsh__subcmd__cluster__subcmd__emcc__subcmd__service__subcmd__profile"
                ;;
            ucsh__subcmd__cluster__subcmd__emcc__subcmd__remote__subcmd__cluster,add)
                cmd="ucsh__subcmd__cluster__subcmd__emcc__subcmd__remote__subcmd__cluster__subcmd__add"
                ;;
            ucsh__subcmd__cluster__subcmd__emcc__subcmd__remote__subcmd__cluster,disable)
                cmd="ucsh__subcmd__cluster__subcmd__emcc__subcmd__remote__subcmd__cluster__subcmd__disable"
                ;;
            ucsh__subcmd__cluster__subcmd__emcc__subcmd__remote__subcmd__cluster,enable)
                cmd="ucsh__subcmd__cluster__subcmd__emcc__subcmd__remote__subcmd__cluster__subcmd__enable"
                ;;
            ucsh__subcmd__cluster__subcmd__emcc__subcmd__remote__subcmd__cluster,remove)
                cmd="ucsh__subcmd__cluster__subcmd__emcc__subcmd__remote__subcmd__cluster__subcmd__remove"
                ;;
            ucsh__subcmd__cluster__subcmd__emcc__subcmd__remote__subcmd__cluster,update)
                cmd="ucsh__subcmd__cluster__subcmd__emcc__subcmd__remote__subcmd__cluster__subcmd__update"
                ;;
            ucsh__subcmd__cluster__subcmd__emcc__subcmd__service__subcmd__profile,activate)
                cmd="ucsh__subcmd__cluster__subcmd__emcc__subcmd__service__subcmd__profile__subcmd__activate"
                ;;
            ucsh__subcmd__cluster__subcmd__emcc__subcmd__service__subcmd__profile,deactivate)
                cmd="ucsh__subcmd__cluster__subcmd__emcc__subcmd__service__subcmd__profile__subcmd__deactivate"
                ;;
            ucsh__subcmd__cluster__subcmd__fault,cert-expire)
                cmd="ucsh__subcmd__cluster__subcmd__fault__subcmd__cert__subcmd__expire"
                ;;
            ucsh__subcmd__cluster__subcmd__fault,disk-clear)
                cmd="ucsh__subcmd__cluster__subcmd__fault__subcmd__disk__subcmd__clear"
                ;;
            ucsh__subcmd__cluster__subcmd__fault,disk-fill)
                cmd="ucsh__subcmd__cluster__subcmd__fault__subcmd__disk__subcmd__fill"
                ;;
            ucsh__subcmd__cluster__subcmd__fault,diverge)
                cmd="ucsh__subcmd__cluster__subcmd__fault__subcmd__diverge"
                ;;
            ucsh__subcmd__cluster__subcmd__fault,imdb-break)
                cmd="ucsh__subcmd__cluster__subcmd__fault__subcmd__imdb__subcmd__break"
                ;;
            ucsh__subcmd__cluster__subcmd__fault,node-down)
                cmd="ucsh__subcmd__cluster__subcmd__fault__subcmd__node__subcmd__down"
                ;;
            ucsh__subcmd__cluster__subcmd__fault,node-up)
                cmd="ucsh__subcmd__cluster__subcmd__fault__subcmd__node__subcmd__up"
                ;;
            ucsh__subcmd__cluster__subcmd__fault,ntp-reachable)
                cmd="ucsh__subcmd__cluster__subcmd__fault__subcmd__ntp__subcmd__reachable"
                ;;
            ucsh__subcmd__cluster__subcmd__fault,ntp-unreachable)
                cmd="ucsh__subcmd__cluster__subcmd__fault__subcmd__ntp__subcmd__unreachable"
                ;;
            ucsh__subcmd__cluster__subcmd__fault,replication-break)
                cmd="ucsh__subcmd__cluster__subcmd__fault__subcmd__replication__subcmd__break"
                ;;
            ucsh__subcmd__cluster__subcmd__fault,replication-stop)
                cmd="ucsh__subcmd__cluster__subcmd__fault__subcmd__replication__subcmd__stop"
                ;;
            ucsh__subcmd__cluster__subcmd__fault,service-crash)
                cmd="ucsh__subcmd__cluster__subcmd__fault__subcmd__service__subcmd__crash"
                ;;
            ucsh__subcmd__cluster__subcmd__ha,automatic-fallback)
                cmd="ucsh__subcmd__cluster__subcmd__ha__subcmd__automatic__subcmd__fallback"
                ;;
            ucsh__subcmd__cluster__subcmd__ha,disable)
                cmd="ucsh__subcmd__cluster__subcmd__ha__subcmd__disable"
                ;;
            ucsh__subcmd__cluster__subcmd__ha,enable)
                cmd="ucsh__subcmd__cluster__subcmd__ha__subcmd__enable"
                ;;
            ucsh__subcmd__cluster__subcmd__headset,associate)
                cmd="ucsh__subcmd__cluster__subcmd__headset__subcmd__associate"
                ;;
            ucsh__subcmd__cluster__subcmd__headset,connect)
                cmd="ucsh__subcmd__cluster__subcmd__headset__subcmd__connect"
                ;;
            ucsh__subcmd__cluster__subcmd__headset,disconnect)
                cmd="ucsh__subcmd__cluster__subcmd__headset__subcmd__disconnect"
                ;;
            ucsh__subcmd__cluster__subcmd__headset,remove)
                cmd="ucsh__subcmd__cluster__subcmd__headset__subcmd__remove"
                ;;
            ucsh__subcmd__cluster__subcmd__import,devices)
                cmd="ucsh__subcmd__cluster__subcmd__import__subcmd__devices"
                ;;
            ucsh__subcmd__cluster__subcmd__import,users)
                cmd="ucsh__subcmd__cluster__subcmd__import__subcmd__users"
                ;;
            ucsh__subcmd__delete,account)
                cmd="ucsh__subcmd__delete__subcmd__account"
                ;;
            ucsh__subcmd__file,build)
                cmd="ucsh__subcmd__file__subcmd__build"
                ;;
            ucsh__subcmd__file,delete)
                cmd="ucsh__subcmd__file__subcmd__delete"
                ;;
            ucsh__subcmd__file,dump)
                cmd="ucsh__subcmd__file__subcmd__dump"
                ;;
            ucsh__subcmd__file,get)
                cmd="ucsh__subcmd__file__subcmd__get"
                ;;
            ucsh__subcmd__file,list)
                cmd="ucsh__subcmd__file__subcmd__list"
                ;;
            ucsh__subcmd__file,search)
                cmd="ucsh__subcmd__file__subcmd__search"
                ;;
            ucsh__subcmd__file,tail)
                cmd="ucsh__subcmd__file__subcmd__tail"
                ;;
            ucsh__subcmd__file,view)
                cmd="ucsh__subcmd__file__subcmd__view"
                ;;
            ucsh__subcmd__file__subcmd__build,log)
                cmd="ucsh__subcmd__file__subcmd__build__subcmd__log"
                ;;
            ucsh__subcmd__run,sql)
                cmd="ucsh__subcmd__run__subcmd__sql"
                ;;
            ucsh__subcmd__set,account)
                cmd="ucsh__subcmd__set__subcmd__account"
                ;;
            ucsh__subcmd__set,accountlocking)
                cmd="ucsh__subcmd__set__subcmd__accountlocking"
                ;;
            ucsh__subcmd__set,cert)
                cmd="ucsh__subcmd__set__subcmd__cert"
                ;;
            ucsh__subcmd__set,cli)
                cmd="ucsh__subcmd__set__subcmd__cli"
                ;;
            ucsh__subcmd__set,password)
                cmd="ucsh__subcmd__set__subcmd__password"
                ;;
            ucsh__subcmd__set,timezone)
                cmd="ucsh__subcmd__set__subcmd__timezone"
                ;;
            ucsh__subcmd__set__subcmd__account,name)
                cmd="ucsh__subcmd__set__subcmd__account__subcmd__name"
                ;;
            ucsh__subcmd__set__subcmd__accountlocking,count)
                cmd="ucsh__subcmd__set__subcmd__accountlocking__subcmd__count"
                ;;
            ucsh__subcmd__set__subcmd__accountlocking,disable)
                cmd="ucsh__subcmd__set__subcmd__accountlocking__subcmd__disable"
                ;;
            ucsh__subcmd__set__subcmd__accountlocking,enable)
                cmd="ucsh__subcmd__set__subcmd__accountlocking__subcmd__enable"
                ;;
            ucsh__subcmd__set__subcmd__accountlocking,unlocktime)
                cmd="ucsh__subcmd__set__subcmd__accountlocking__subcmd__unlocktime"
                ;;
            ucsh__subcmd__set__subcmd__cert,import)
                cmd="ucsh__subcmd__set__subcmd__cert__subcmd__import"
                ;;
            ucsh__subcmd__set__subcmd__cert,regen)
                cmd="ucsh__subcmd__set__subcmd__cert__subcmd__regen"
                ;;
            ucsh__subcmd__set__subcmd__cert__subcmd__import,trust)
                cmd="ucsh__subcmd__set__subcmd__cert__subcmd__import__subcmd__trust"
                ;;
            ucsh__subcmd__set__subcmd__cli,pagination)
                cmd="ucsh__subcmd__set__subcmd__cli__subcmd__pagination"
                ;;
            ucsh__subcmd__set__subcmd__cli,session)
                cmd="ucsh__subcmd__set__subcmd__cli__subcmd__session"
                ;;
            ucsh__subcmd__set__subcmd__cli__subcmd__session,timeout)
                cmd="ucsh__subcmd__set__subcmd__cli__subcmd__session__subcmd__timeout"
                ;;
            ucsh__subcmd__set__subcmd__password,user)
                cmd="ucsh__subcmd__set__subcmd__password__subcmd__user"
                ;;
            ucsh__subcmd__show,account)
                cmd="ucsh__subcmd__show__subcmd__account"
                ;;
            ucsh__subcmd__show,accountlocking)
                cmd="ucsh__subcmd__show__subcmd__accountlocking"
                ;;
            ucsh__subcmd__show,cert)
                cmd="ucsh__subcmd__show__subcmd__cert"
                ;;
            ucsh__subcmd__show,cli)
                cmd="ucsh__subcmd__show__subcmd__cli"
                ;;
            ucsh__subcmd__show,date)
                cmd="ucsh__subcmd__show__subcmd__date"
                ;;
            ucsh__subcmd__show,diskusage)
                cmd="ucsh__subcmd__show__subcmd__diskusage"
                ;;
            ucsh__subcmd__show,fileserver)
                cmd="ucsh__subcmd__show__subcmd__fileserver"
                ;;
            ucsh__subcmd__show,hardware)
                cmd="ucsh__subcmd__show__subcmd__hardware"
                ;;
            ucsh__subcmd__show,logins)
                cmd="ucsh__subcmd__show__subcmd__logins"
                ;;
            ucsh__subcmd__show,myself)
                cmd="ucsh__subcmd__show__subcmd__myself"
                ;;
            ucsh__subcmd__show,network)
                cmd="ucsh__subcmd__show__subcmd__network"
                ;;
            ucsh__subcmd__show,open)
                cmd="ucsh__subcmd__show__subcmd__open"
                ;;
            ucsh__subcmd__show,perf)
                cmd="ucsh__subcmd__show__subcmd__perf"
                ;;
            ucsh__subcmd__show,process)
                cmd="ucsh__subcmd__show__subcmd__process"
                ;;
            ucsh__subcmd__show,registry)
                cmd="ucsh__subcmd__show__subcmd__registry"
                ;;
            ucsh__subcmd__show,risdb)
                cmd="ucsh__subcmd__show__subcmd__risdb"
                ;;
            ucsh__subcmd__show,smtp)
                cmd="ucsh__subcmd__show__subcmd__smtp"
                ;;
            ucsh__subcmd__show,status)
                cmd="ucsh__subcmd__show__subcmd__status"
                ;;
            ucsh__subcmd__show,tech)
                cmd="ucsh__subcmd__show__subcmd__tech"
                ;;
            ucsh__subcmd__show,timezone)
                cmd="ucsh__subcmd__show__subcmd__timezone"
                ;;
            ucsh__subcmd__show,version)
                cmd="ucsh__subcmd__show__subcmd__version"
                ;;
            ucsh__subcmd__show__subcmd__cert,list)
                cmd="ucsh__subcmd__show__subcmd__cert__subcmd__list"
                ;;
            ucsh__subcmd__show__subcmd__cert,own)
                cmd="ucsh__subcmd__show__subcmd__cert__subcmd__own"
                ;;
            ucsh__subcmd__show__subcmd__cert,trust)
                cmd="ucsh__subcmd__show__subcmd__cert__subcmd__trust"
                ;;
            ucsh__subcmd__show__subcmd__cert__subcmd__list,own)
                cmd="ucsh__subcmd__show__subcmd__cert__subcmd__list__subcmd__own"
                ;;
            ucsh__subcmd__show__subcmd__cert__subcmd__list,trust)
                cmd="ucsh__subcmd__show__subcmd__cert__subcmd__list__subcmd__trust"
                ;;
            ucsh__subcmd__show__subcmd__cli,pagination)
                cmd="ucsh__subcmd__show__subcmd__cli__subcmd__pagination"
                ;;
            ucsh__subcmd__show__subcmd__cli,session)
                cmd="ucsh__subcmd__show__subcmd__cli__subcmd__session"
                ;;
            ucsh__subcmd__show__subcmd__cli__subcmd__session,timeout)
                cmd="ucsh__subcmd__show__subcmd__cli__subcmd__session__subcmd__timeout"
                ;;
            ucsh__subcmd__show__subcmd__fileserver,transferspeed)
                cmd="ucsh__subcmd__show__subcmd__fileserver__subcmd__transferspeed"
                ;;
            ucsh__subcmd__show__subcmd__logins,successful)
                cmd="ucsh__subcmd__show__subcmd__logins__subcmd__successful"
                ;;
            ucsh__subcmd__show__subcmd__logins,unsuccessful)
                cmd="ucsh__subcmd__show__subcmd__logins__subcmd__unsuccessful"
                ;;
            ucsh__subcmd__show__subcmd__network,cluster)
                cmd="ucsh__subcmd__show__subcmd__network__subcmd__cluster"
                ;;
            ucsh__subcmd__show__subcmd__network,eth0)
                cmd="ucsh__subcmd__show__subcmd__network__subcmd__eth0"
                ;;
            ucsh__subcmd__show__subcmd__network,ipprefs)
                cmd="ucsh__subcmd__show__subcmd__network__subcmd__ipprefs"
                ;;
            ucsh__subcmd__show__subcmd__network,route)
                cmd="ucsh__subcmd__show__subcmd__network__subcmd__route"
                ;;
            ucsh__subcmd__show__subcmd__network,status)
                cmd="ucsh__subcmd__show__subcmd__network__subcmd__status"
                ;;
            ucsh__subcmd__show__subcmd__open,files)
                cmd="ucsh__subcmd__show__subcmd__open__subcmd__files"
                ;;
            ucsh__subcmd__show__subcmd__open,ports)
                cmd="ucsh__subcmd__show__subcmd__open__subcmd__ports"
                ;;
            ucsh__subcmd__show__subcmd__perf,counterhelp)
                cmd="ucsh__subcmd__show__subcmd__perf__subcmd__counterhelp"
                ;;
            ucsh__subcmd__show__subcmd__perf,list)
                cmd="ucsh__subcmd__show__subcmd__perf__subcmd__list"
                ;;
            ucsh__subcmd__show__subcmd__perf,query)
                cmd="ucsh__subcmd__show__subcmd__perf__subcmd__query"
                ;;
            ucsh__subcmd__show__subcmd__perf__subcmd__list,categories)
                cmd="ucsh__subcmd__show__subcmd__perf__subcmd__list__subcmd__categories"
                ;;
            ucsh__subcmd__show__subcmd__perf__subcmd__list,classes)
                cmd="ucsh__subcmd__show__subcmd__perf__subcmd__list__subcmd__classes"
                ;;
            ucsh__subcmd__show__subcmd__perf__subcmd__list,counters)
                cmd="ucsh__subcmd__show__subcmd__perf__subcmd__list__subcmd__counters"
                ;;
            ucsh__subcmd__show__subcmd__perf__subcmd__list,instances)
                cmd="ucsh__subcmd__show__subcmd__perf__subcmd__list__subcmd__instances"
                ;;
            ucsh__subcmd__show__subcmd__perf__subcmd__query,class)
                cmd="ucsh__subcmd__show__subcmd__perf__subcmd__query__subcmd__class"
                ;;
            ucsh__subcmd__show__subcmd__perf__subcmd__query,counter)
                cmd="ucsh__subcmd__show__subcmd__perf__subcmd__query__subcmd__counter"
                ;;
            ucsh__subcmd__show__subcmd__perf__subcmd__query,instance)
                cmd="ucsh__subcmd__show__subcmd__perf__subcmd__query__subcmd__instance"
                ;;
            ucsh__subcmd__show__subcmd__perf__subcmd__query,path)
                cmd="ucsh__subcmd__show__subcmd__perf__subcmd__query__subcmd__path"
                ;;
            ucsh__subcmd__show__subcmd__process,list)
                cmd="ucsh__subcmd__show__subcmd__process__subcmd__list"
                ;;
            ucsh__subcmd__show__subcmd__process,load)
                cmd="ucsh__subcmd__show__subcmd__process__subcmd__load"
                ;;
            ucsh__subcmd__show__subcmd__process,using-most)
                cmd="ucsh__subcmd__show__subcmd__process__subcmd__using__subcmd__most"
                ;;
            ucsh__subcmd__show__subcmd__process__subcmd__using__subcmd__most,cpu)
                cmd="ucsh__subcmd__show__subcmd__process__subcmd__using__subcmd__most__subcmd__cpu"
                ;;
            ucsh__subcmd__show__subcmd__process__subcmd__using__subcmd__most,memory)
                cmd="ucsh__subcmd__show__subcmd__process__subcmd__using__subcmd__most__subcmd__memory"
                ;;
            ucsh__subcmd__show__subcmd__risdb,list)
                cmd="ucsh__subcmd__show__subcmd__risdb__subcmd__list"
                ;;
            ucsh__subcmd__show__subcmd__risdb,query)
                cmd="ucsh__subcmd__show__subcmd__risdb__subcmd__query"
                ;;
            ucsh__subcmd__show__subcmd__risdb__subcmd__query,phone)
                cmd="ucsh__subcmd__show__subcmd__risdb__subcmd__query__subcmd__phone"
                ;;
            ucsh__subcmd__show__subcmd__tech,ccm_service)
                cmd="ucsh__subcmd__show__subcmd__tech__subcmd__ccm_service"
                ;;
            ucsh__subcmd__show__subcmd__tech,dbstateinfo)
                cmd="ucsh__subcmd__show__subcmd__tech__subcmd__dbstateinfo"
                ;;
            ucsh__subcmd__show__subcmd__tech,network)
                cmd="ucsh__subcmd__show__subcmd__tech__subcmd__network"
                ;;
            ucsh__subcmd__show__subcmd__tech,repltimeout)
                cmd="ucsh__subcmd__show__subcmd__tech__subcmd__repltimeout"
                ;;
            ucsh__subcmd__show__subcmd__tech,system)
                cmd="ucsh__subcmd__show__subcmd__tech__subcmd__system"
                ;;
            ucsh__subcmd__show__subcmd__timezone,config)
                cmd="ucsh__subcmd__show__subcmd__timezone__subcmd__config"
                ;;
            ucsh__subcmd__show__subcmd__timezone,list)
                cmd="ucsh__subcmd__show__subcmd__timezone__subcmd__list"
                ;;
            ucsh__subcmd__show__subcmd__version,active)
                cmd="ucsh__subcmd__show__subcmd__version__subcmd__active"
                ;;
            ucsh__subcmd__show__subcmd__version,inactive)
                cmd="ucsh__subcmd__show__subcmd__version__subcmd__inactive"
                ;;
            ucsh__subcmd__utils,branding)
                cmd="ucsh__subcmd__utils__subcmd__branding"
                ;;
            ucsh__subcmd__utils,core)
                cmd="ucsh__subcmd__utils__subcmd__core"
                ;;
            ucsh__subcmd__utils,dbreplication)
                cmd="ucsh__subcmd__utils__subcmd__dbreplication"
                ;;
            ucsh__subcmd__utils,diagnose)
                cmd="ucsh__subcmd__utils__subcmd__diagnose"
                ;;
            ucsh__subcmd__utils,disaster_recovery)
                cmd="ucsh__subcmd__utils__subcmd__disaster_recovery"
                ;;
            ucsh__subcmd__utils,ha)
                cmd="ucsh__subcmd__utils__subcmd__ha"
                ;;
            ucsh__subcmd__utils,imdb_replication)
                cmd="ucsh__subcmd__utils__subcmd__imdb_replication"
                ;;
            ucsh__subcmd__utils,network)
                cmd="ucsh__subcmd__utils__subcmd__network"
                ;;
            ucsh__subcmd__utils,ntp)
                cmd="ucsh__subcmd__utils__subcmd__ntp"
                ;;
            ucsh__subcmd__utils,remotesyslog)
                cmd="ucsh__subcmd__utils__subcmd__remotesyslog"
                ;;
            ucsh__subcmd__utils,service)
                cmd="ucsh__subcmd__utils__subcmd__service"
                ;;
            ucsh__subcmd__utils,system)
                cmd="ucsh__subcmd__utils__subcmd__system"
                ;;
            ucsh__subcmd__utils,users)
                cmd="ucsh__subcmd__utils__subcmd__users"
                ;;
            ucsh__subcmd__utils__subcmd__branding,disable)
                cmd="ucsh__subcmd__utils__subcmd__branding__subcmd__disable"
                ;;
            ucsh__subcmd__utils__subcmd__branding,enable)
                cmd="ucsh__subcmd__utils__subcmd__branding__subcmd__enable"
                ;;
            ucsh__subcmd__utils__subcmd__branding,preview)
                cmd="ucsh__subcmd__utils__subcmd__branding__subcmd__preview"
                ;;
            ucsh__subcmd__utils__subcmd__branding,status)
                cmd="ucsh__subcmd__utils__subcmd__branding__subcmd__status"
                ;;
            ucsh__subcmd__utils__subcmd__branding,upload)
                cmd="ucsh__subcmd__utils__subcmd__branding__subcmd__upload"
                ;;
            ucsh__subcmd__utils__subcmd__core,active)
                cmd="ucsh__subcmd__utils__subcmd__core__subcmd__active"
                ;;
            ucsh__subcmd__utils__subcmd__core,inactive)
                cmd="ucsh__subcmd__utils__subcmd__core__subcmd__inactive"
                ;;
            ucsh__subcmd__utils__subcmd__core__subcmd__active,analyze)
                cmd="ucsh__subcmd__utils__subcmd__core__subcmd__active__subcmd__analyze"
                ;;
            ucsh__subcmd__utils__subcmd__core__subcmd__active,list)
                cmd="ucsh__subcmd__utils__subcmd__core__subcmd__active__subcmd__list"
                ;;
            ucsh__subcmd__utils__subcmd__core__subcmd__inactive,analyze)
                cmd="ucsh__subcmd__utils__subcmd__core__subcmd__inactive__subcmd__analyze"
                ;;
            ucsh__subcmd__utils__subcmd__core__subcmd__inactive,list)
                cmd="ucsh__subcmd__utils__subcmd__core__subcmd__inactive__subcmd__list"
                ;;
            ucsh__subcmd__utils__subcmd__dbreplication,clusterreset)
                cmd="ucsh__subcmd__utils__subcmd__dbreplication__subcmd__clusterreset"
                ;;
            ucsh__subcmd__utils__subcmd__dbreplication,dropadmindb)
                cmd="ucsh__subcmd__utils__subcmd__dbreplication__subcmd__dropadmindb"
                ;;
            ucsh__subcmd__utils__subcmd__dbreplication,forcedatasyncsub)
                cmd="ucsh__subcmd__utils__subcmd__dbreplication__subcmd__forcedatasyncsub"
                ;;
            ucsh__subcmd__utils__subcmd__dbreplication,quickaudit)
                cmd="ucsh__subcmd__utils__subcmd__dbreplication__subcmd__quickaudit"
                ;;
            ucsh__subcmd__utils__subcmd__dbreplication,rebuild)
                cmd="ucsh__subcmd__utils__subcmd__dbreplication__subcmd__rebuild"
                ;;
            ucsh__subcmd__utils__subcmd__dbreplication,repair)
                cmd="ucsh__subcmd__utils__subcmd__dbreplication__subcmd__repair"
                ;;
            ucsh__subcmd__utils__subcmd__dbreplication,repairreplicate)
                cmd="ucsh__subcmd__utils__subcmd__dbreplication__subcmd__repairreplicate"
                ;;
            ucsh__subcmd__utils__subcmd__dbreplication,repairtable)
                cmd="ucsh__subcmd__utils__subcmd__dbreplication__subcmd__repairtable"
                ;;
            ucsh__subcmd__utils__subcmd__dbreplication,reset)
                cmd="ucsh__subcmd__utils__subcmd__dbreplication__subcmd__reset"
                ;;
            ucsh__subcmd__utils__subcmd__dbreplication,runtimestate)
                cmd="ucsh__subcmd__utils__subcmd__dbreplication__subcmd__runtimestate"
                ;;
            ucsh__subcmd__utils__subcmd__dbreplication,setprocess)
                cmd="ucsh__subcmd__utils__subcmd__dbreplication__subcmd__setprocess"
                ;;
            ucsh__subcmd__utils__subcmd__dbreplication,setrepltimeout)
                cmd="ucsh__subcmd__utils__subcmd__dbreplication__subcmd__setrepltimeout"
                ;;
            ucsh__subcmd__utils__subcmd__dbreplication,status)
                cmd="ucsh__subcmd__utils__subcmd__dbreplication__subcmd__status"
                ;;
            ucsh__subcmd__utils__subcmd__dbreplication,stop)
                cmd="ucsh__subcmd__utils__subcmd__dbreplication__subcmd__stop"
                ;;
            ucsh__subcmd__utils__subcmd__diagnose,fix)
                cmd="ucsh__subcmd__utils__subcmd__diagnose__subcmd__fix"
                ;;
            ucsh__subcmd__utils__subcmd__diagnose,list)
                cmd="ucsh__subcmd__utils__subcmd__diagnose__subcmd__list"
                ;;
            ucsh__subcmd__utils__subcmd__diagnose,module)
                cmd="ucsh__subcmd__utils__subcmd__diagnose__subcmd__module"
                ;;
            ucsh__subcmd__utils__subcmd__diagnose,test)
                cmd="ucsh__subcmd__utils__subcmd__diagnose__subcmd__test"
                ;;
            ucsh__subcmd__utils__subcmd__diagnose,version)
                cmd="ucsh__subcmd__utils__subcmd__diagnose__subcmd__version"
                ;;
            ucsh__subcmd__utils__subcmd__disaster_recovery,backup)
                cmd="ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__backup"
                ;;
            ucsh__subcmd__utils__subcmd__disaster_recovery,device)
                cmd="ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__device"
                ;;
            ucsh__subcmd__utils__subcmd__disaster_recovery,estimate_tar_size)
                cmd="ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__estimate_tar_size"
                ;;
            ucsh__subcmd__utils__subcmd__disaster_recovery,history)
                cmd="ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__history"
                ;;
            ucsh__subcmd__utils__subcmd__disaster_recovery,restore)
                cmd="ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__restore"
                ;;
            ucsh__subcmd__utils__subcmd__disaster_recovery,show_backupfiles)
                cmd="ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__show_backupfiles"
                ;;
            ucsh__subcmd__utils__subcmd__disaster_recovery,status)
                cmd="ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__status"
                ;;
            ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__backup,network)
                cmd="ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__backup__subcmd__network"
                ;;
            ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__device,add)
                cmd="ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__device__subcmd__add"
                ;;
            ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__device,delete)
                cmd="ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__device__subcmd__delete"
                ;;
            ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__device,list)
                cmd="ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__device__subcmd__list"
                ;;
            ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__device__subcmd__add,network)
                cmd="ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__device__subcmd__add__subcmd__network"
                ;;
            ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__restore,network)
                cmd="ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__restore__subcmd__network"
                ;;
            ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__show_backupfiles,network)
                cmd="ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__show_backupfiles__subcmd__network"
                ;;
            ucsh__subcmd__utils__subcmd__ha,failover)
                cmd="ucsh__subcmd__utils__subcmd__ha__subcmd__failover"
                ;;
            ucsh__subcmd__utils__subcmd__ha,fallback)
                cmd="ucsh__subcmd__utils__subcmd__ha__subcmd__fallback"
                ;;
            ucsh__subcmd__utils__subcmd__ha,recover)
                cmd="ucsh__subcmd__utils__subcmd__ha__subcmd__recover"
                ;;
            ucsh__subcmd__utils__subcmd__ha,status)
                cmd="ucsh__subcmd__utils__subcmd__ha__subcmd__status"
                ;;
            ucsh__subcmd__utils__subcmd__imdb_replication,status)
                cmd="ucsh__subcmd__utils__subcmd__imdb_replication__subcmd__status"
                ;;
            ucsh__subcmd__utils__subcmd__network,arp)
                cmd="ucsh__subcmd__utils__subcmd__network__subcmd__arp"
                ;;
            ucsh__subcmd__utils__subcmd__network,connectivity)
                cmd="ucsh__subcmd__utils__subcmd__network__subcmd__connectivity"
                ;;
            ucsh__subcmd__utils__subcmd__network,host)
                cmd="ucsh__subcmd__utils__subcmd__network__subcmd__host"
                ;;
            ucsh__subcmd__utils__subcmd__network,ping)
                cmd="ucsh__subcmd__utils__subcmd__network__subcmd__ping"
                ;;
            ucsh__subcmd__utils__subcmd__network,traceroute)
                cmd="ucsh__subcmd__utils__subcmd__network__subcmd__traceroute"
                ;;
            ucsh__subcmd__utils__subcmd__network__subcmd__arp,list)
                cmd="ucsh__subcmd__utils__subcmd__network__subcmd__arp__subcmd__list"
                ;;
            ucsh__subcmd__utils__subcmd__ntp,config)
                cmd="ucsh__subcmd__utils__subcmd__ntp__subcmd__config"
                ;;
            ucsh__subcmd__utils__subcmd__ntp,restart)
                cmd="ucsh__subcmd__utils__subcmd__ntp__subcmd__restart"
                ;;
            ucsh__subcmd__utils__subcmd__ntp,server)
                cmd="ucsh__subcmd__utils__subcmd__ntp__subcmd__server"
                ;;
            ucsh__subcmd__utils__subcmd__ntp,status)
                cmd="ucsh__subcmd__utils__subcmd__ntp__subcmd__status"
                ;;
            ucsh__subcmd__utils__subcmd__ntp__subcmd__server,add)
                cmd="ucsh__subcmd__utils__subcmd__ntp__subcmd__server__subcmd__add"
                ;;
            ucsh__subcmd__utils__subcmd__ntp__subcmd__server,delete)
                cmd="ucsh__subcmd__utils__subcmd__ntp__subcmd__server__subcmd__delete"
                ;;
            ucsh__subcmd__utils__subcmd__ntp__subcmd__server,list)
                cmd="ucsh__subcmd__utils__subcmd__ntp__subcmd__server__subcmd__list"
                ;;
            ucsh__subcmd__utils__subcmd__remotesyslog,add)
                cmd="ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__add"
                ;;
            ucsh__subcmd__utils__subcmd__remotesyslog,delete)
                cmd="ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__delete"
                ;;
            ucsh__subcmd__utils__subcmd__remotesyslog,import)
                cmd="ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__import"
                ;;
            ucsh__subcmd__utils__subcmd__remotesyslog,set)
                cmd="ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__set"
                ;;
            ucsh__subcmd__utils__subcmd__remotesyslog,show)
                cmd="ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__show"
                ;;
            ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__add,server)
                cmd="ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__add__subcmd__server"
                ;;
            ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__delete,server)
                cmd="ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__delete__subcmd__server"
                ;;
            ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__import,cacert)
                cmd="ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__import__subcmd__cacert"
                ;;
            ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__set,protocol)
                cmd="ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__set__subcmd__protocol"
                ;;
            ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__show,protocol)
                cmd="ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__show__subcmd__protocol"
                ;;
            ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__show,server)
                cmd="ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__show__subcmd__server"
                ;;
            ucsh__subcmd__utils__subcmd__service,activate)
                cmd="ucsh__subcmd__utils__subcmd__service__subcmd__activate"
                ;;
            ucsh__subcmd__utils__subcmd__service,auto-restart)
                cmd="ucsh__subcmd__utils__subcmd__service__subcmd__auto__subcmd__restart"
                ;;
            ucsh__subcmd__utils__subcmd__service,deactivate)
                cmd="ucsh__subcmd__utils__subcmd__service__subcmd__deactivate"
                ;;
            ucsh__subcmd__utils__subcmd__service,list)
                cmd="ucsh__subcmd__utils__subcmd__service__subcmd__list"
                ;;
            ucsh__subcmd__utils__subcmd__service,restart)
                cmd="ucsh__subcmd__utils__subcmd__service__subcmd__restart"
                ;;
            ucsh__subcmd__utils__subcmd__service,start)
                cmd="ucsh__subcmd__utils__subcmd__service__subcmd__start"
                ;;
            ucsh__subcmd__utils__subcmd__service,stop)
                cmd="ucsh__subcmd__utils__subcmd__service__subcmd__stop"
                ;;
            ucsh__subcmd__utils__subcmd__service__subcmd__auto__subcmd__restart,disable)
                cmd="ucsh__subcmd__utils__subcmd__service__subcmd__auto__subcmd__restart__subcmd__disable"
                ;;
            ucsh__subcmd__utils__subcmd__service__subcmd__auto__subcmd__restart,enable)
                cmd="ucsh__subcmd__utils__subcmd__service__subcmd__auto__subcmd__restart__subcmd__enable"
                ;;
            ucsh__subcmd__utils__subcmd__service__subcmd__auto__subcmd__restart,show)
                cmd="ucsh__subcmd__utils__subcmd__service__subcmd__auto__subcmd__restart__subcmd__show"
                ;;
            ucsh__subcmd__utils__subcmd__system,restart)
                cmd="ucsh__subcmd__utils__subcmd__system__subcmd__restart"
                ;;
            ucsh__subcmd__utils__subcmd__system,shutdown)
                cmd="ucsh__subcmd__utils__subcmd__system__subcmd__shutdown"
                ;;
            ucsh__subcmd__utils__subcmd__system,switch-version)
                cmd="ucsh__subcmd__utils__subcmd__system__subcmd__switch__subcmd__version"
                ;;
            ucsh__subcmd__utils__subcmd__users,validate)
                cmd="ucsh__subcmd__utils__subcmd__users__subcmd__validate"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        ucsh)
            opts="-c -h -V --command --script --data-dir --node --account --format --yes --keep-going --generate --host --hosts-file --user --password-file --identity --agent --known-hosts --accept-new --parallel --connect-timeout --command-timeout --help --version cluster delete exit file help quit run set show utils"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --command)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -c)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --script)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --node)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "text json" -- "${cur}"))
                    return 0
                    ;;
                --generate)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --host)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --hosts-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --user)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --identity)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --known-hosts)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --parallel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --connect-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --command-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster)
            opts="branding-file device em emcc fault grow ha headset im-address-scheme import info init login pacing serve trace-level traces"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__branding__subcmd__file)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__device)
            opts="register unregister"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__device__subcmd__register)
            opts="--ip --node --cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --ip)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --node)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__device__subcmd__unregister)
            opts="--node --cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --node)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__em)
            opts="api login logout set-param"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__em__subcmd__api)
            opts="--request --ip --node --cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --request)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --ip)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --node)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__em__subcmd__login)
            opts="--user --pin-file --device --ip --proxy --from-file --burst --node --cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --user)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --pin-file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --device)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --ip)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --from-file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --node)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__em__subcmd__logout)
            opts="--device --ip --from-file --burst --node --cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --device)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --ip)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --from-file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --node)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__em__subcmd__set__subcmd__param)
            opts="--cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__emcc)
            opts="disable-user enable-user login logout remote-cluster security-mode service-profile"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__emcc__subcmd__disable__subcmd__user)
            opts="--cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__emcc__subcmd__enable__subcmd__user)
            opts="--cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__emcc__subcmd__login)
            opts="--user --pin-file --device --node --cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --user)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --pin-file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --device)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --node)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__emcc__subcmd__logout)
            opts="--device --node --cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --device)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --node)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__emcc__subcmd__remote__subcmd__cluster)
            opts="add disable enable remove update"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__emcc__subcmd__remote__subcmd__cluster__subcmd__add)
            opts="--cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__emcc__subcmd__remote__subcmd__cluster__subcmd__disable)
            opts="--service --cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --service)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__emcc__subcmd__remote__subcmd__cluster__subcmd__enable)
            opts="--service --cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --service)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__emcc__subcmd__remote__subcmd__cluster__subcmd__remove)
            opts="--cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__emcc__subcmd__remote__subcmd__cluster__subcmd__update)
            opts="--cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__emcc__subcmd__security__subcmd__mode)
            opts="--cluster mixed non-secure"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__emcc__subcmd__service__subcmd__profile)
            opts="activate deactivate"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__emcc__subcmd__service__subcmd__profile__subcmd__activate)
            opts="--service --cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --service)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__emcc__subcmd__service__subcmd__profile__subcmd__deactivate)
            opts="--service --cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --service)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__fault)
            opts="cert-expire disk-clear disk-fill diverge imdb-break node-down node-up ntp-reachable ntp-unreachable replication-break replication-stop service-crash"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__fault__subcmd__cert__subcmd__expire)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__fault__subcmd__disk__subcmd__clear)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__fault__subcmd__disk__subcmd__fill)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__fault__subcmd__diverge)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__fault__subcmd__imdb__subcmd__break)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__fault__subcmd__node__subcmd__down)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__fault__subcmd__node__subcmd__up)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__fault__subcmd__ntp__subcmd__reachable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__fault__subcmd__ntp__subcmd__unreachable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__fault__subcmd__replication__subcmd__break)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__fault__subcmd__replication__subcmd__stop)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__fault__subcmd__service__subcmd__crash)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__grow)
            opts="--users --cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --users)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__ha)
            opts="automatic-fallback disable enable"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__ha__subcmd__automatic__subcmd__fallback)
            opts="true false"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__ha__subcmd__disable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__ha__subcmd__enable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__headset)
            opts="associate connect disconnect remove"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__headset__subcmd__associate)
            opts="--user --model --cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --user)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --model)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__headset__subcmd__connect)
            opts="--device --pin-file --node --cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --device)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --pin-file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --node)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__headset__subcmd__disconnect)
            opts="--device --node --cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --device)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --node)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__headset__subcmd__remove)
            opts="--cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__im__subcmd__address__subcmd__scheme)
            opts="userid directory-uri"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__import)
            opts="devices users"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__import__subcmd__devices)
            opts="--cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__import__subcmd__users)
            opts="--cluster"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cluster)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__info)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__init)
            opts="--no-sample-data --force --cm-subscribers --admin-password-file --users --layout"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cm-subscribers)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --admin-password-file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --users)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --layout)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__login)
            opts="--password-file --from"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --password-file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --from)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__pacing)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__serve)
            opts="--foreground --stop --port-base --max-sessions"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --port-base)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --max-sessions)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__trace__subcmd__level)
            opts="fatal error warn info debug"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__cluster__subcmd__traces)
            opts="--days --size --node"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --days)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --size)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --node)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__delete)
            opts="account"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__delete__subcmd__account)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__exit)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__file)
            opts="build delete dump get list search tail view"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__file__subcmd__build)
            opts="log"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__file__subcmd__build__subcmd__log)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__file__subcmd__delete)
            opts="activelog inactivelog detail noconfirm"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__file__subcmd__dump)
            opts="activelog inactivelog install hex recent regexp"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__file__subcmd__get)
            opts="activelog inactivelog install reltime minutes hours days weeks months abstime match recurs compress"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__file__subcmd__list)
            opts="activelog inactivelog install page detail reverse date size"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__file__subcmd__search)
            opts="activelog inactivelog install reltime minutes hours days weeks months abstime ignorecase recurs"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__file__subcmd__tail)
            opts="activelog inactivelog install hex regexp"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__file__subcmd__view)
            opts="activelog inactivelog install"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__quit)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__run)
            opts="sql"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__run__subcmd__sql)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set)
            opts="account accountlocking cert cli password timezone"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set__subcmd__account)
            opts="name"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set__subcmd__account__subcmd__name)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set__subcmd__accountlocking)
            opts="count disable enable unlocktime"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set__subcmd__accountlocking__subcmd__count)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set__subcmd__accountlocking__subcmd__disable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set__subcmd__accountlocking__subcmd__enable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set__subcmd__accountlocking__subcmd__unlocktime)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set__subcmd__cert)
            opts="import regen"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set__subcmd__cert__subcmd__import)
            opts="trust"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set__subcmd__cert__subcmd__import__subcmd__trust)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set__subcmd__cert__subcmd__regen)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set__subcmd__cli)
            opts="pagination session"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set__subcmd__cli__subcmd__pagination)
            opts="on off"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set__subcmd__cli__subcmd__session)
            opts="timeout"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set__subcmd__cli__subcmd__session__subcmd__timeout)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set__subcmd__password)
            opts="user"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set__subcmd__password__subcmd__user)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__set__subcmd__timezone)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show)
            opts="account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__account)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__accountlocking)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__cert)
            opts="list own trust"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__cert__subcmd__list)
            opts="own trust"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__cert__subcmd__list__subcmd__own)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__cert__subcmd__list__subcmd__trust)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__cert__subcmd__own)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__cert__subcmd__trust)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__cli)
            opts="pagination session"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__cli__subcmd__pagination)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__cli__subcmd__session)
            opts="timeout"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__cli__subcmd__session__subcmd__timeout)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__date)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__diskusage)
            opts="activelog inactivelog install common tmp directory sort"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__fileserver)
            opts="transferspeed"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__fileserver__subcmd__transferspeed)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__hardware)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__logins)
            opts="successful unsuccessful"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__logins__subcmd__successful)
            opts="last"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__logins__subcmd__unsuccessful)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__myself)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__network)
            opts="cluster eth0 ipprefs route status"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__network__subcmd__cluster)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__network__subcmd__eth0)
            opts="detail"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__network__subcmd__ipprefs)
            opts="all enabled public"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__network__subcmd__route)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__network__subcmd__status)
            opts="detail listen process all nodns search"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__open)
            opts="files ports"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__open__subcmd__files)
            opts="all process regexp"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__open__subcmd__ports)
            opts="all regexp"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__perf)
            opts="counterhelp list query"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__perf__subcmd__counterhelp)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__perf__subcmd__list)
            opts="categories classes counters instances"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__perf__subcmd__list__subcmd__categories)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__perf__subcmd__list__subcmd__classes)
            opts="cat detail"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__perf__subcmd__list__subcmd__counters)
            opts="detail"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__perf__subcmd__list__subcmd__instances)
            opts="detail"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__perf__subcmd__query)
            opts="class counter instance path"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__perf__subcmd__query__subcmd__class)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__perf__subcmd__query__subcmd__counter)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__perf__subcmd__query__subcmd__instance)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__perf__subcmd__query__subcmd__path)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__process)
            opts="list load using-most"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__process__subcmd__list)
            opts="detail"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__process__subcmd__load)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__process__subcmd__using__subcmd__most)
            opts="cpu memory"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__process__subcmd__using__subcmd__most__subcmd__cpu)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__process__subcmd__using__subcmd__most__subcmd__memory)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__registry)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__risdb)
            opts="list query"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__risdb__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__risdb__subcmd__query)
            opts="phone"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__risdb__subcmd__query__subcmd__phone)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__smtp)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__tech)
            opts="ccm_service dbstateinfo network repltimeout system"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__tech__subcmd__ccm_service)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__tech__subcmd__dbstateinfo)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__tech__subcmd__network)
            opts="all hosts interfaces resolv routes search"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__tech__subcmd__repltimeout)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__tech__subcmd__system)
            opts="all hardware host software"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__timezone)
            opts="config list"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__timezone__subcmd__config)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__timezone__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__version)
            opts="active inactive"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__version__subcmd__active)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__show__subcmd__version__subcmd__inactive)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils)
            opts="branding core dbreplication diagnose disaster_recovery ha imdb_replication network ntp remotesyslog service system users"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__branding)
            opts="disable enable preview status upload"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__branding__subcmd__disable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__branding__subcmd__enable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__branding__subcmd__preview)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__branding__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__branding__subcmd__upload)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__core)
            opts="active inactive"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__core__subcmd__active)
            opts="analyze list"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__core__subcmd__active__subcmd__analyze)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__core__subcmd__active__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__core__subcmd__inactive)
            opts="analyze list"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__core__subcmd__inactive__subcmd__analyze)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__core__subcmd__inactive__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__dbreplication)
            opts="clusterreset dropadmindb forcedatasyncsub quickaudit rebuild repair repairreplicate repairtable reset runtimestate setprocess setrepltimeout status stop"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__dbreplication__subcmd__clusterreset)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__dbreplication__subcmd__dropadmindb)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__dbreplication__subcmd__forcedatasyncsub)
            opts="offloadpub"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__dbreplication__subcmd__quickaudit)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__dbreplication__subcmd__rebuild)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__dbreplication__subcmd__repair)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__dbreplication__subcmd__repairreplicate)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__dbreplication__subcmd__repairtable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__dbreplication__subcmd__reset)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__dbreplication__subcmd__runtimestate)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__dbreplication__subcmd__setprocess)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__dbreplication__subcmd__setrepltimeout)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__dbreplication__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__dbreplication__subcmd__stop)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__diagnose)
            opts="fix list module test version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__diagnose__subcmd__fix)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__diagnose__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__diagnose__subcmd__module)
            opts="disk_space disk_files service_manager tomcat tomcat_deadlocks tomcat_keystore cert_expiry tomcat_connectors tomcat_threads tomcat_memory tomcat_sessions tomcat_heapdump validate_network raid system_info ntp_reachability ntp_clock_drift ntp_stratum sdl_fragmentation sdi_fragmentation em_softphones em_headsets emcc_devices em_profiles"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__diagnose__subcmd__test)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__diagnose__subcmd__version)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__disaster_recovery)
            opts="backup device estimate_tar_size history restore show_backupfiles status"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__backup)
            opts="network"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__backup__subcmd__network)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__device)
            opts="add delete list"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__device__subcmd__add)
            opts="network"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__device__subcmd__add__subcmd__network)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 6 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__device__subcmd__delete)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__device__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__estimate_tar_size)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__history)
            opts="backup restore"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__restore)
            opts="network"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__restore__subcmd__network)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__show_backupfiles)
            opts="network"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__show_backupfiles__subcmd__network)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__disaster_recovery__subcmd__status)
            opts="backup restore"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__ha)
            opts="failover fallback recover status"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__ha__subcmd__failover)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__ha__subcmd__fallback)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__ha__subcmd__recover)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__ha__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__imdb_replication)
            opts="status"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__imdb_replication__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__network)
            opts="arp connectivity host ping traceroute"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__network__subcmd__arp)
            opts="list"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__network__subcmd__arp__subcmd__list)
            opts="numeric"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__network__subcmd__connectivity)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__network__subcmd__host)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__network__subcmd__ping)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__network__subcmd__traceroute)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__ntp)
            opts="config restart server status"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__ntp__subcmd__config)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__ntp__subcmd__restart)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__ntp__subcmd__server)
            opts="add delete list"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__ntp__subcmd__server__subcmd__add)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__ntp__subcmd__server__subcmd__delete)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__ntp__subcmd__server__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__ntp__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__remotesyslog)
            opts="add delete import set show"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__add)
            opts="server"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__add__subcmd__server)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__delete)
            opts="server"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__delete__subcmd__server)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__import)
            opts="cacert"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__import__subcmd__cacert)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__set)
            opts="protocol"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__set__subcmd__protocol)
            opts="udp tcp tls"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__show)
            opts="protocol server"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__show__subcmd__protocol)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__remotesyslog__subcmd__show__subcmd__server)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__service)
            opts="activate auto-restart deactivate list restart start stop"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__service__subcmd__activate)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__service__subcmd__auto__subcmd__restart)
            opts="disable enable show"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__service__subcmd__auto__subcmd__restart__subcmd__disable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__service__subcmd__auto__subcmd__restart__subcmd__enable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__service__subcmd__auto__subcmd__restart__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__service__subcmd__deactivate)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__service__subcmd__list)
            opts="page"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__service__subcmd__restart)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__service__subcmd__start)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__service__subcmd__stop)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__system)
            opts="restart shutdown switch-version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__system__subcmd__restart)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__system__subcmd__shutdown)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__system__subcmd__switch__subcmd__version)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__users)
            opts="validate"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ucsh__subcmd__utils__subcmd__users__subcmd__validate)
            opts="all userid uri mailid"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _ucsh -o nosort -o bashdefault -o default ucsh
else
    complete -F _ucsh -o bashdefault -o default ucsh
fi
